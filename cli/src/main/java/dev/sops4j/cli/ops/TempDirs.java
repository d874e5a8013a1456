package dev.sops4j.cli.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A private (0700) temporary directory for plaintext, removed on close and, should the JVM be stopped by a signal
 * (Ctrl-C in the editor), by a shutdown hook.
 */
public final class TempDirs implements AutoCloseable {
    private final Path dir;
    private final Thread hook;

    private TempDirs(Path dir) {
        this.dir = dir;
        this.hook = new Thread(this::delete, "sops4j-tmp-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static TempDirs create() {
        try {
            return new TempDirs(Files.createTempDirectory("sops4j-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A new 0600 file in the directory. */
    public Path file(String name, byte[] content) {
        Path p = dir.resolve(name);
        try {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: it deleted the directory
        }
    }

    private void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
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
            // best effort on the way out
        }
    }
}
