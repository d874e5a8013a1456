package dev.sops4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.keys.age.AgeKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that succeeds ends without {@code System.exit}, whose logger look-up (Java 21 and later) searches the
 * class path for {@code LoggerFinder} providers, opening every jar; one that fails still exits with its code. A
 * provider registered on the child JVM's class path leaves a marker file when the JDK looks it up. The child runs
 * on the release's runtime (Temurin 25), skipped where it is not installed.
 */
class MainExitTest {
    /** Found only by the service look-up; its construction is the evidence. */
    public static final class RecordingFinder extends System.LoggerFinder {
        public RecordingFinder() {
            try {
                Files.writeString(Path.of(System.getProperty("probe.marker")), "looked up\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public System.Logger getLogger(String name, Module module) {
            return new System.Logger() {
                @Override
                public String getName() {
                    return name;
                }

                @Override
                public boolean isLoggable(Level level) {
                    return false;
                }

                @Override
                public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                }

                @Override
                public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                }
            };
        }
    }

    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    Path dir;

    private int run(Path marker, String... args) throws Exception {
        Path cp = Files.createDirectories(dir.resolve("cp/META-INF/services")).getParent().getParent();
        Files.writeString(cp.resolve("META-INF/services/" + System.LoggerFinder.class.getName()),
                RecordingFinder.class.getName() + "\n");
        assumeTrue(Files.isExecutable(JAVA_25), "Runtime.exit logs through System.Logger from Java 21: needs " + JAVA_25);
        List<String> cmd = new ArrayList<>(List.of(JAVA_25.toString(), "-XX:TieredStopAtLevel=1"));
        cmd.addAll(UrlHandlersTest.EXPORTS);
        cmd.addAll(List.of("-Dprobe.marker=" + marker, "-cp",
                cp + java.io.File.pathSeparator + System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI ended");
        return p.exitValue();
    }

    @Test
    void aCommandThatSucceedsEndsWithoutTheExitLoggerLookUp() throws Exception {
        Files.writeString(dir.resolve("app.yaml"), "password: hunter2\n");
        Path marker = dir.resolve("success.marker");
        int code = run(marker, "encrypt", "--age", AgeKeys.generateIdentity().recipient(), "app.yaml");
        assertEquals(0, code, Files.readString(dir.resolve("out.txt")));
        assertTrue(Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8).contains("ENC[AES256_GCM,"));
        assertFalse(Files.exists(marker), "no LoggerFinder look-up on success");
    }

    @Test
    void aCommandThatFailsStillExitsWithItsCode() throws Exception {
        Path marker = dir.resolve("failure.marker");
        int code = run(marker, "decrypt", "missing.yaml");
        assertEquals(100, code, Files.readString(dir.resolve("out.txt"))); // sops: could not read the input file
        assertTrue(Files.exists(marker), "System.exit looked the logger up (the marker shows the probe works)");
    }
}
