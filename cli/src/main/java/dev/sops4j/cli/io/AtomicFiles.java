package dev.sops4j.cli.io;

import dev.sops4j.core.error.OutputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see either the old or the new content, never a torn one: a temp file in the same
 * directory, fsync, rename over the target, fsync the directory. An existing file keeps its permission bits.
 */
public final class AtomicFiles {
    /** Mode of a new file holding plaintext secrets. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** Mode of a new encrypted file (safe to share, like sops' 0644). */
    public static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> modeIfNew) {
        write(target, content, modeIfNew, false);
    }

    /** Like {@link #write(Path, byte[], Set)}, but the file gets {@code mode} even when it exists (plaintext: 0600). */
    public static void writeWithMode(Path target, byte[] content, Set<PosixFilePermission> mode) {
        write(target, content, mode, true);
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> modeIfNew, boolean forceMode) {
        Path real = resolveLinks(target);
        Path dir = real.toAbsolutePath().getParent();
        Set<PosixFilePermission> mode = modeIfNew;
        try {
            if (!forceMode && Files.exists(real)) {
                PosixFileAttributeView v = Files.getFileAttributeView(real, PosixFileAttributeView.class);
                if (v != null) {
                    mode = v.readAttributes().permissions();
                }
            }
        } catch (IOException e) {
            throw new OutputException("could not write " + target + ": " + e.getMessage(), e);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + real.getFileName() + ".", ".sops4j-tmp",
                    PosixFilePermissions.asFileAttribute(PRIVATE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                // fdatasync: content and size; the timestamps it skips do not matter for durability
                ch.force(false);
            }
            Files.setPosixFilePermissions(tmp, mode);
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new OutputException("could not write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file name starts with a dot and says what it is
                }
            }
        }
    }

    private static Path resolveLinks(Path target) {
        try {
            if (Files.isSymbolicLink(target)) {
                return target.toRealPath();
            }
        } catch (IOException e) {
            // a dangling link: write the link's own path, replacing it
        }
        return target.toAbsolutePath();
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot fsync a directory; the rename itself already happened
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
