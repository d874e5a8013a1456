package dev.sops4j.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code sh} block of docs/gateway-quickstart.md with bash, as written: {@code sops4j-gateway} and
 * {@code sops4j} on PATH are this build's main classes (the launchers would run the same classes from their jars).
 */
class QuickstartDocTest {
    private static final Path DOC = Path.of("..", "docs", "gateway-quickstart.md");

    @Test
    void theQuickstartRunsAsWritten(@TempDir Path dir) throws Exception {
        String doc = Files.readString(DOC);
        Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "no sh block in " + DOC);
        String script = m.group(1);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path args = dir.resolve("java.args");
        Files.writeString(args, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        launcher(bin.resolve("sops4j-gateway"), java + " -Dsun.net.httpserver.nodelay=true @" + args
                + " dev.sops4j.gateway.cli.Main");
        launcher(bin.resolve("sops4j"), java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC @" + args
                + " dev.sops4j.cli.Main");
        Path work = Files.createDirectories(dir.resolve("work"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(work.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", dir.toString());
        Path err = dir.resolve("stderr");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the quickstart did not finish");
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("1\ndb_password: hunter2\n", out, stderr);
        assertTrue(stderr.contains("sops4j-gateway DEV MODE -- NOT FOR PRODUCTION"), stderr);
        String audit = Files.readString(work.resolve("gw-dev/audit.log"));
        assertTrue(audit.contains("\"route\":\"/v1/wrap\",\"decision\":\"allow\""), audit);
        assertTrue(audit.contains("\"route\":\"/v1/unwrap\",\"decision\":\"allow\""), audit);
    }

    private static void launcher(Path file, String command) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexec " + command + " \"$@\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
