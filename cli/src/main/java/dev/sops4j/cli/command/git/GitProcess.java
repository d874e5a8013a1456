package dev.sops4j.cli.command.git;

import dev.sops4j.cli.CliContext;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code git} binary found on PATH in this invocation's environment and captures what it prints. */
final class GitProcess {
    private final CliContext ctx;

    GitProcess(CliContext ctx) {
        this.ctx = ctx;
    }

    /** What one git run printed. {@code out} may hold a blob: callers wipe or keep it private. */
    record Result(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }

        String line() {
            return text().strip();
        }
    }

    Result run(String... args) {
        return runIn(ctx.env().workingDirectory(), args);
    }

    Result runIn(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(ctx.env().variables());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            // stderr is small; read it on a thread so a large blob on stdout cannot dead-lock the pipes
            var errBytes = new java.io.ByteArrayOutputStream();
            Thread errPump = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(errBytes);
                } catch (IOException ignored) {
                    // git went away
                }
            }, "sops4j-git-err");
            errPump.start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            errPump.join();
            return new Result(code, out, errBytes.toString(StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UsageException(ExitCode.GENERIC, "Error: could not run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while running git", e));
        }
    }

    /** Like {@link #run} but a non-zero exit is an error naming the git command. */
    Result require(String... args) {
        Result r = run(args);
        if (r.code() != 0) {
            throw new UsageException(ExitCode.GENERIC, "Error: git " + String.join(" ", args) + " failed: "
                    + (r.err().isEmpty() ? "exit " + r.code() : r.err().lines().findFirst().orElse("")), null);
        }
        return r;
    }
}
