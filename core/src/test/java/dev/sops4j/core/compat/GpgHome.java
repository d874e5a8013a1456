package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away GNUPGHOME for the real gpg binary. Closing it stops the gpg-agent this home started (by its
 * home directory, never by name) so tests leave no process behind.
 */
final class GpgHome implements AutoCloseable {
    private final Path dir;

    private GpgHome(Path dir) {
        this.dir = dir;
    }

    /** A new home under {@code parent} with {@code keyFile} imported; skips the test when gpg is not installed. */
    static GpgHome withKeys(Path parent, Path keyFile) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gpg")), "gpg is not installed: skipping the gpg path");
        // gpg-agent's socket path must stay short, so the home lives in a short directory of its own.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "s4jgpg");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        GpgHome home = new GpgHome(dir);
        home.run("--batch", "--import", keyFile.toString());
        return home;
    }

    Path dir() {
        return dir;
    }

    /** Runs gpg with this home; returns stdout, fails on a non-zero exit. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gpg " + String.join(" ", args) + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Exports one secret key (armored) into {@code target}. */
    Path exportSecretKey(String fingerprint, Path target) throws IOException, InterruptedException {
        Files.writeString(target, run("--batch", "--armor", "--export-secret-keys", fingerprint));
        return target;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("gpgconf", "--homedir", dir.toString(), "--kill", "gpg-agent")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
