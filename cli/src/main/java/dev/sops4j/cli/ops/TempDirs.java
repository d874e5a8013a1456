package dev.sops4j.cli.ops;

import dev.sops4j.cli.io.ExitCleanup;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.io.Chunked;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A private (0700) temporary directory for plaintext, in {@code $TMPDIR} when it is set (else /tmp), as sops (Go's
 * {@code os.TempDir}) does. It is removed on close and, should the process end first (Ctrl-C in the editor, a
 * signal), by {@link ExitCleanup}.
 */
public final class TempDirs implements AutoCloseable {
    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    private final Path dir;
    private final ExitCleanup.Registration cleanup;

    private TempDirs(Path dir, ExitCleanup.Registration cleanup) {
        this.dir = dir;
        this.cleanup = cleanup;
    }

    /** A new directory; failing to create it exits 1 (as sops' exec-file). */
    public static TempDirs create(Environment env) {
        return create(env, ExitCode.GENERIC);
    }

    /** A new directory; failing to create it exits {@code failure} (sops' edit: 3, cannot write output). */
    public static TempDirs create(Environment env, ExitCode failure) {
        Path base = base(env);
        try {
            Path dir = Files.createTempDirectory(base, "sops4j-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new TempDirs(dir, ExitCleanup.register(dir));
        } catch (IOException e) {
            throw new UsageException(failure, "Error: could not create a private temporary directory in "
                    + base + " ($TMPDIR): " + (Files.isDirectory(base) ? "permission denied" : "no such directory"), e);
        }
    }

    /** {@code $TMPDIR} when set and not empty, else /tmp: Go's {@code os.TempDir} on Unix. */
    static Path base(Environment env) {
        return env.get("TMPDIR").filter(s -> !s.isEmpty()).map(s -> env.workingDirectory().resolve(s)).orElse(Path.of("/tmp"));
    }

    public Path dir() {
        return dir;
    }

    /** A new 0600 file in the directory, created (never opened if something is there) and written in one go. */
    public Path file(String name, byte[] content) {
        Path p = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(p, CREATE_NEW,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            Chunked.writeAll(ch, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ExitCleanup.delete(dir);
        cleanup.close();
    }
}
