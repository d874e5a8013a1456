package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.cli.Cli;
import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import dev.sops4j.core.env.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: exec-file hung when its FIFO writer finished at the moment the command exited. Many in-process runs
 * make the race likely (300 runs hung the old code here; 200 keep the test short); the timeout, on a separate thread because a thread
 * blocked in open() cannot be interrupted, turns a hang into a failure.
 */
class ExecFileRepeatTest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
    }

    private int run(ByteArrayOutputStream out, String... args) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        PathEnv env = new PathEnv();
        var ctx = new CliContext(new Environment(env.with(key), dir, dir), new ByteArrayInputStream(new byte[0]),
                ps, ps, false);
        return new Cli(ctx).run(args);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyRunsNeitherHangNorLoseOutput() {
        Fixtures.write(dir.resolve("s.json"), "{\"k\": \"v\"}\n");
        assertEquals(0, run(new ByteArrayOutputStream(), "encrypt", "-i", "--age", key.recipient(), "s.json"));
        for (int i = 0; i < 200; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String cmd = i % 2 == 0 ? "cat {}" : "exit 0";
            assertEquals(0, run(out, "exec-file", "s.json", cmd), out.toString(StandardCharsets.UTF_8));
            assertEquals(i % 2 == 0 ? "{\n\t\"k\": \"v\"\n}\n" : "", out.toString(StandardCharsets.UTF_8));
        }
    }

    /** PATH from the test JVM (for sh, cat, mkfifo) plus the age identity. */
    private static final class PathEnv {
        Map<String, String> with(AgeKey k) {
            return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "SOPS_AGE_KEY", k.identity());
        }
    }
}
