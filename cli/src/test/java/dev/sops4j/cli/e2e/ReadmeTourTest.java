package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "A short tour" runs as written: the block is taken from README.md and run by bash in a copy of the
 * parts of the checkout it uses (the launcher replaced by one running these classes), with errors fatal.
 */
class ReadmeTourTest {
    @TempDir
    Path scratch;

    static String tour() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## A short tour");
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    @Test
    void theTourRunsAsWritten() throws Exception {
        Path checkout = Files.createDirectories(scratch.resolve("checkout"));
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        Files.createDirectories(checkout.resolve("testdata/age"));
        for (String f : List.of("keys.txt", "recipient.txt")) {
            Files.copy(Path.of("..", "testdata", "age", f), checkout.resolve("testdata/age").resolve(f));
        }
        Sops4jShim.write(checkout.resolve("sops4j"), null);

        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + tour()).directory(checkout.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", scratch.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        Path err = scratch.resolve("stderr");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the tour did not finish");
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("s3cretapp:6432\n", out, stderr);

        Path work;
        try (Stream<Path> dirs = Files.list(tmp)) {
            work = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertEquals("rwx------", mode(work.resolve("keys")));
        assertEquals("rw-------", mode(work.resolve("keys/age.txt")));
        assertTrue(Files.readString(work.resolve("keys/age.txt")).contains("AGE-SECRET-KEY-1"));
        assertEquals("database:\n    user: app\n    password: n3w-s3cret\n    port: 6432\n",
                Files.readString(work.resolve("out/app.yaml")));
        assertEquals("rw-------", mode(work.resolve("out/prod/api.yaml")));
        assertEquals("token: t0k3n\n", Files.readString(work.resolve("deploy/prod/api.yaml")));
        assertTrue(Files.readString(work.resolve("app.yaml")).contains("ENC["));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
