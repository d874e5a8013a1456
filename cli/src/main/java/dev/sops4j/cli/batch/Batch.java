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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /** The files to work on, and how many symbolic links {@code --recursive} met and did not follow. */
    public record Targets(List<Path> files, Set<Path> walked, int linksNotFollowed) {
        public Targets {
            files = List.copyOf(files);
            walked = Set.copyOf(walked);
        }

        /** Reads a target: one the user named follows a link, as sops; one the walk found must not be a link. */
        public Input read(Path file) {
            return walked.contains(file) ? Input.readNoFollow(file) : Input.read(file);
        }
    }

    /**
     * The files to work on: the arguments (a link named there is followed, as sops does), plus with {@code dir}
     * every regular file under it matched by a creation rule of the .sops.yaml in effect. The walk never follows a
     * symbolic link, to a file or a directory, inside DIR or out of it (a target inside DIR is reached under its own
     * name); it counts them for the summary line. Hidden files are files like any other (sops' creation rules
     * and {@code publish --recursive} match {@code .env} too), except sops' config files; hidden directories
     * (.git, .terraform, ...) are not entered.
     */
    public static Targets targets(Session s, List<String> files, String dir, boolean needsMetadata) {
        List<Path> out = new ArrayList<>();
        for (String f : files) {
            Path p = s.ctx().resolve(f);
            if (!Files.exists(p)) {
                throw Input.nonExistent(p);
            }
            out.add(p);
        }
        if (dir == null) {
            return new Targets(out, Set.of(), 0);
        }
        Path named = s.ctx().resolve(dir);
        if (!Files.isDirectory(named)) {
            throw Input.nonExistent(named);
        }
        SopsConfig config = s.config().orElseThrow(() -> new ConfigException(
                "Error: --recursive needs a .sops.yaml (its creation_rules choose the files); none found"));
        Walk walk = new Walk(config, named);
        try {
            // the directory the user named is theirs to name through a link; nothing under it is followed
            Files.walkFileTree(named.toRealPath(), walk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        walk.found.sort(null);
        out.addAll(walk.found);
        return new Targets(out, Set.copyOf(walk.found), walk.links);
    }

    /**
     * Collects rule-matched regular files, named under the directory as the user spelled it (rules match that
     * path, as for a file named on the command line); links are counted, never followed (walkFileTree's default).
     */
    private static final class Walk extends SimpleFileVisitor<Path> {
        private final SopsConfig config;
        private final Path named;
        private final List<Path> found = new ArrayList<>();
        private int links;
        private Path root;

        Walk(SopsConfig config, Path named) {
            this.config = config;
            this.named = named;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
            if (root == null) {
                root = d;
                return FileVisitResult.CONTINUE;
            }
            return d.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
            if (a.isSymbolicLink()) {
                links++;
            } else if (a.isRegularFile() && !CONFIG_NAMES.contains(f.getFileName().toString())) {
                Path p = named.resolve(root.relativize(f));
                if (!p.equals(config.file()) && !f.equals(config.file()) && config.ruleFor(p).isPresent()) {
                    found.add(p);
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
            throw e;
        }
    }

    /** sops' config file names: never a target, whatever a rule matches. */
    private static final Set<String> CONFIG_NAMES = Set.of(".sops.yaml", ".sops.yml");

    public static int run(CliContext ctx, String verb, Targets targets, FileOp op) {
        List<Path> files = targets.files();
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
                    + ", " + done + " done, " + skipped + " skipped, " + failed + " failed"
                    + (targets.linksNotFollowed() == 0 ? "" : ", " + targets.linksNotFollowed() + " symbolic link"
                    + (targets.linksNotFollowed() == 1 ? "" : "s") + " not followed"));
            return firstCode;
        } finally {
            pool.shutdownNow();
        }
    }
}
