package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real sops 3.13.2 from {@code ../shared/tools}, unpacked once per test run; tests skip without it. */
final class RealSops {
    private static Path binary;

    private RealSops() {
    }

    static synchronized Path binary() {
        if (binary == null) {
            Path xz = SharedData.file("tools/sops-3.13.2-linux-amd64.xz");
            try {
                Path out = Path.of("target", "real-sops", "sops").toAbsolutePath();
                if (!Files.isExecutable(out)) {
                    Files.createDirectories(out.getParent());
                    Process p = new ProcessBuilder("xz", "-dc", xz.toString()).redirectOutput(out.toFile()).start();
                    assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "xz could not unpack sops");
                    out.toFile().setExecutable(true);
                }
                binary = out;
            } catch (IOException e) {
                assumeTrue(false, "cannot unpack the real sops (" + e.getMessage() + "): skipping");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return binary;
    }

    /** Runs the real sops in {@code cwd} with only PATH, HOME and {@code env}; returns its exit code. */
    static int run(Path cwd, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", cwd.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sops did not finish");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
