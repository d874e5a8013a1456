package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.env.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A throw-away GnuPG home for tests that drive the real gpg binary. Never touches {@code ~/.gnupg}; {@link #close()}
 * stops the gpg-agent that gpg started for this home (and only that one).
 */
final class GnupgFixture implements AutoCloseable {
    static final String FUNCTIONAL_KEY = "sops-vectors/keys/pgp/sops_functional_tests_key.asc";
    static final String FP1 = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";
    static final String FP1_ENC_SUBKEY = "71D962851765394F76DB9CFC25294A17CD90507F";

    final Path home;

    private GnupgFixture(Path home) {
        this.home = home;
    }

    /** A fresh, empty home under {@code dir}; skips the test when no gpg binary is installed. */
    static GnupgFixture create(Path dir) throws IOException {
        assumeTrue(gpgAvailable(), "gpg binary not found on PATH: skipping tests that need real GnuPG");
        Path home = Files.createDirectory(dir.resolve("gnupghome"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new GnupgFixture(home);
    }

    static boolean gpgAvailable() {
        try {
            Process p = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process environment with {@code GNUPGHOME} pointing here, plus {@code extra}. */
    Environment env(String... extra) {
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.remove(PgpKeySource.SECRET_KEY_FILE_VARIABLE);
        vars.remove(GpgCommand.EXEC_VARIABLE);
        vars.put("GNUPGHOME", home.toString());
        for (int i = 0; i < extra.length; i += 2) {
            vars.put(extra[i], extra[i + 1]);
        }
        return new Environment(vars, home.getParent(), home.getParent());
    }

    void importKeys(Path keyFile) throws IOException {
        Result r = gpg(new byte[0], "--batch", "--import", keyFile.toString());
        assertEquals(0, r.status, r.stderr);
    }

    /** Runs gpg against this home in batch mode. */
    Result gpg(byte[] stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (InputStream e = p.getErrorStream()) {
                e.transferTo(err);
            } catch (IOException ignored) {
                // diagnostics only
            }
        });
        pump.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        try {
            int status = p.waitFor();
            pump.join();
            return new Result(status, out, err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Result(int status, byte[] stdout, String stderr) {
    }
}
