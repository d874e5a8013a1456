package dev.sops4j.cli.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes plaintext files and directories (edit's and exec-file's temp directory, an in-place write's temp file)
 * when the process ends before their owner could: a shutdown hook covers a normal exit, an uncaught error and
 * SIGTERM/SIGINT/SIGHUP; handlers for the other signals whose default action ends the process (SIGUSR1, SIGUSR2,
 * SIGALRM, SIGABRT, ...) run the same cleanup and exit with 128 + the signal number, as a shell reports it.
 * SIGKILL (and SIGSTOP followed by a reboot, or a power cut) cannot be handled: that is why the temp directory is
 * 0700 and the temp file 0600. SIGQUIT stays the JVM's thread dump and does not end the process.
 *
 * <p>Signals are process-wide, so this is process-wide state: the handlers are installed once, on the first
 * registration, and never for a command that writes no plaintext.
 */
public final class ExitCleanup {
    /**
     * Signals whose default action terminates the process and that the JVM lets an application handle. Not
     * SIGPROF/SIGVTALRM (profilers own them) nor SIGTRAP (debuggers and some JVM ports).
     */
    static final List<String> SIGNALS = List.of("USR1", "USR2", "ALRM", "ABRT", "XCPU", "XFSZ", "IO", "PWR", "SYS");

    private static final Set<Path> PATHS = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private ExitCleanup() {
    }

    /** Removes {@code path} (a file, or a directory and what it holds; links are removed, never followed) at exit. */
    public static Registration register(Path path) {
        install();
        Path p = path.toAbsolutePath();
        PATHS.add(p);
        return () -> PATHS.remove(p);
    }

    /** Ends a registration: the owner removed the path (or renamed it into place) itself. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::runAll, "sops4j-plaintext-cleanup"));
        for (String name : SIGNALS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    runAll();
                    // the shutdown hooks run too; the code is the shell's for a process killed by this signal
                    System.exit(128 + sig.getNumber());
                });
            } catch (IllegalArgumentException unavailable) {
                // not on this platform, or the JVM keeps it (then the JVM does not die of it either)
            }
        }
    }

    static void runAll() {
        for (Path p : PATHS) {
            delete(p);
            PATHS.remove(p);
        }
    }

    /** Deletes a file, a link or a directory tree without following links. */
    public static void delete(Path p) {
        try {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
                return;
            }
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort on the way out; what is left is 0600 in a 0700 directory
        }
    }
}
