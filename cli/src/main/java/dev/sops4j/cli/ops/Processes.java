package dev.sops4j.cli.ops;

import dev.sops4j.cli.CliContext;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** Runs a child process wired to this invocation's streams and returns its exit code. */
public final class Processes {
    private Processes() {
    }

    /** {@code command} through {@code /bin/sh -c}, as sops runs exec-env/exec-file commands. */
    public static ProcessBuilder shell(String command) {
        return new ProcessBuilder(List.of("/bin/sh", "-c", command));
    }

    public static int run(CliContext ctx, ProcessBuilder pb, Map<String, String> environment) {
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.directory(ctx.env().workingDirectory().toFile());
        if (ctx.systemStreams()) {
            pb.inheritIO();
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UsageException(ExitCode.GENERIC, "Error: could not run " + pb.command() + ": " + e.getMessage(), e);
        }
        Thread outPump = null;
        Thread errPump = null;
        if (!ctx.systemStreams()) {
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // the child may already have exited
            }
            outPump = pump(p.getInputStream(), ctx.out());
            errPump = pump(p.getErrorStream(), ctx.err());
        }
        try {
            int code = p.waitFor();
            if (outPump != null) {
                outPump.join();
                errPump.join();
            }
            return code;
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static Thread pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException ignored) {
                // the reader went away; nothing to report
            }
        }, "sops4j-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
