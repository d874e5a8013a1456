package dev.sops4j.cli.batch;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ExitCodes;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Many files in one command (what sops issues #945 and #1204 ask for): a bounded pool works through the files,
 * one failure is reported on its own line and does not stop the others, and a summary line ends the run. The exit
 * code is the first failure's (in argument order), or 0.
 */
public final class Batch {
    /** What happened to one file. */
    public enum Outcome { DONE, SKIPPED }

    /** One file's work; throws to report a failure. */
    @FunctionalInterface
    public interface FileOp {
        Outcome apply(Path file) throws Exception;
    }

    private Batch() {
    }

    public static void requireInPlace(OutputOptions out, String verb) {
        if (out == null || !out.inPlace || out.output != null) {
            throw new UsageException("Error: " + verb + " of several files or --recursive needs -i/--in-place (and no --output)");
        }
    }

    /**
     * The files to work on: the arguments, plus with {@code dir} every regular file under it matched by a creation
     * rule of the .sops.yaml in effect (hidden files and directories skipped).
     */
    public static List<Path> targets(Session s, List<String> files, String dir, boolean needsMetadata) {
        List<Path> out = new ArrayList<>();
        for (String f : files) {
            Path p = s.ctx().resolve(f);
            if (!Files.exists(p)) {
                throw Input.nonExistent(p);
            }
            out.add(p);
        }
        if (dir == null) {
            return out;
        }
        Path root = s.ctx().resolve(dir);
        if (!Files.isDirectory(root)) {
            throw Input.nonExistent(root);
        }
        SopsConfig config = s.config().orElseThrow(() -> new ConfigException(
                "Error: --recursive needs a .sops.yaml (its creation_rules choose the files); none found"));
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(root, p))
                    .filter(p -> config.ruleFor(p).isPresent())
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    public static int run(CliContext ctx, String verb, List<Path> files, FileOp op) {
        // Mostly waiting on fsync and on key services, not on the CPU: more threads than cores pays off.
        int threads = Math.max(1, Math.min(files.size(), 16));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sops4j-batch");
            t.setDaemon(true);
            return t;
        });
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (Path f : files) {
                futures.add(pool.submit(() -> op.apply(f)));
            }
            int done = 0;
            int skipped = 0;
            int failed = 0;
            int firstCode = 0;
            for (int i = 0; i < files.size(); i++) {
                try {
                    if (futures.get(i).get() == Outcome.DONE) {
                        done++;
                    } else {
                        skipped++;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    Throwable cause = e.getCause();
                    String message = ExitCodes.messageFor(cause);
                    String file = files.get(i).toString();
                    ctx.err().println(message.contains(file) ? message : file + ": " + message);
                    if (firstCode == 0) {
                        firstCode = ExitCodes.codeFor(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            ctx.err().println("sops4j " + verb + ": " + files.size() + " file" + (files.size() == 1 ? "" : "s")
                    + ", " + done + " done, " + skipped + " skipped, " + failed + " failed");
            return firstCode;
        } finally {
            pool.shutdownNow();
        }
    }
}
