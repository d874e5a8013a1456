package dev.sops4j.cli.io;

import dev.sops4j.core.error.OutputException;
import dev.sops4j.core.io.Chunked;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a file so that readers see either the old or the new content, never a torn one: a new temp file in the
 * same directory, fdatasync, rename over the target, fsync of the directory.
 *
 * <p>Safe in a directory other users can write: the temp file is created with O_CREAT|O_EXCL|O_NOFOLLOW and a
 * mode at creation (a new file's mode, which the umask narrows as for sops; for a mode that must hold exactly,
 * only its owner bits), written through that one descriptor (never reopened by name), and a name somebody planted
 * first is skipped, never followed. Its inode is taken from the open descriptor (fstat through /proc/self/fd), an
 * exact mode is set through it too (fchmod the same way; without /proc, through a descriptor opened with
 * O_NOFOLLOW), and the name must still hold that inode, ours, with one link and our length before the rename. The target is
 * resolved once (a symbolic link given by the user is followed, as sops does) and every later step uses that one
 * path; its identity (inode, type, owner, size, times) is compared with the file its content was read from and
 * again just before the rename, so a
 * file swapped in meanwhile is refused rather than overwritten. The rename itself never follows a link.
 */
public final class AtomicFiles {
    /** Mode of a new file holding plaintext secrets (less the umask, which can only narrow it). */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** Mode asked for a new encrypted file: 0666 less the umask, as sops (0644 under umask 022, 0600 under 077). */
    public static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-rw-rw-");

    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    /** The permission bits the written file gets. */
    public sealed interface Mode {
        /** The bits to give the file, {@code existing} being the target's (null when it does not exist). */
        Set<PosixFilePermission> wanted(Set<PosixFilePermission> existing);

        /** Whether {@link #wanted} must hold exactly, or the umask may narrow it (a new file's usual mode). */
        boolean exact(boolean targetExists);

        /** An existing target keeps its bits exactly; a new file gets {@code perms} less the umask. */
        record KeepOr(Set<PosixFilePermission> perms) implements Mode {
            @Override
            public Set<PosixFilePermission> wanted(Set<PosixFilePermission> existing) {
                return existing != null ? existing : perms;
            }

            @Override
            public boolean exact(boolean targetExists) {
                return targetExists;
            }
        }

        /** Exactly {@code perms}, whether the target exists or not (the umask does not apply). */
        record Exactly(Set<PosixFilePermission> perms) implements Mode {
            @Override
            public Set<PosixFilePermission> wanted(Set<PosixFilePermission> existing) {
                return perms;
            }

            @Override
            public boolean exact(boolean targetExists) {
                return true;
            }
        }

        static Mode keepOr(Set<PosixFilePermission> perms) {
            return new KeepOr(Set.copyOf(perms));
        }

        static Mode exactly(Set<PosixFilePermission> perms) {
            return new Exactly(Set.copyOf(perms));
        }
    }

    /**
     * What the target must still be: {@code identity} the file its content was read from (empty: no check);
     * {@code singleLink} refuses a file with other hard links (replacing a plaintext would leave it readable there);
     * {@code noLink} refuses a symbolic link instead of following it (a file a directory walk found).
     */
    public record Expect(Optional<FileIdentity> identity, boolean singleLink, boolean noLink) {
        public static final Expect NOTHING = new Expect(Optional.empty(), false, false);

        public Expect {
            Objects.requireNonNull(identity);
        }

        public static Expect sameFile(Optional<FileIdentity> identity) {
            return new Expect(identity, false, false);
        }

        /** In place: still the file {@code in} was read from, and no link when it was read without following. */
        public static Expect readFrom(Input in) {
            return new Expect(in.identity(), false, in.noFollow());
        }

        public Expect andSingleLink() {
            return new Expect(identity, true, noLink);
        }
    }

    private AtomicFiles() {
    }

    /** An existing target keeps its mode; a new one gets {@code modeIfNew} less the umask. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> modeIfNew) {
        write(target, content, Mode.keepOr(modeIfNew));
    }

    /** The file gets {@code mode} exactly, even when it exists (plaintext output: 0600). */
    public static void writeWithMode(Path target, byte[] content, Set<PosixFilePermission> mode) {
        write(target, content, Mode.exactly(mode));
    }

    public static void write(Path target, byte[] content, Mode mode) {
        write(target, content, mode, Expect.NOTHING);
    }

    public static void write(Path target, byte[] content, Mode mode, Expect expect) {
        write(target, content, mode, expect, WriteHooks.NONE);
    }

    static void write(Path target, byte[] content, Mode mode, Expect expect, WriteHooks hooks) {
        Path real = expect.noLink() ? target.toAbsolutePath() : resolveOnce(target);
        Path dir = real.getParent();
        requireDirectory(target, dir);
        Stat before = lstat(target, real);
        Optional<FileIdentity> idBefore = before == null ? Optional.empty() : Optional.of(before.identity());
        if (before != null) {
            if (!before.regular()) {
                throw new OutputException("could not write " + target + ": "
                        + (before.symbolicLink() ? "it became a symbolic link" : "not a regular file"));
            }
            if (expect.identity().isPresent() && !expect.identity().equals(idBefore)) {
                throw changed(target);
            }
            int links = before.links();
            if (expect.singleLink() && links > 1) {
                throw new OutputException("could not write " + target + ": it has " + links
                        + " hard links, and replacing it would leave the plaintext readable through the others;"
                        + " remove the other links (or write to --output) first");
            }
        }
        Set<PosixFilePermission> wanted = mode.wanted(before == null ? null : before.permissions());
        boolean exact = mode.exact(before != null);
        Path dirReal = realDirectory(target, dir);
        Path tmp = null;
        Object tmpKey = null;
        ExitCleanup.Registration cleanup = null;
        try {
            for (int attempt = 0; tmp == null; attempt++) {
                String name = "." + real.getFileName() + "." + hooks.randomPart().get() + ".sops4j-tmp";
                Path candidate = dir.resolve(name);
                cleanup = ExitCleanup.register(candidate);
                try {
                    tmpKey = createAndWrite(target, candidate, dirReal.resolve(name), content,
                            exact ? ownerOnly(wanted) : wanted, exact ? wanted : null, before, hooks);
                    tmp = candidate;
                } catch (FileAlreadyExistsException planted) {
                    // somebody else's file or link holds the name: never touch it, draw another
                    cleanup.close();
                    cleanup = null;
                    if (attempt == 100) {
                        throw new OutputException("could not write " + target + ": no free temporary name in " + dir);
                    }
                } catch (IOException | RuntimeException e) {
                    deleteQuietly(candidate);
                    throw e;
                }
            }
            requireOurs(target, tmp, tmpKey, content.length);
            if (!idBefore.equals(identity(target, real))) {
                throw changed(target);
            }
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new OutputException("could not write " + target + ": " + reason(e, dir), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
            if (cleanup != null) {
                cleanup.close();
            }
        }
    }

    /**
     * Creates the temp file (never following or reusing anything at its name), writes it and, when {@code exact}
     * is set, gives it that mode, all through the one descriptor; returns the file's key (inode and owner).
     */
    private static Object createAndWrite(Path target, Path candidate, Path realCandidate, byte[] content,
            Set<PosixFilePermission> perms, Set<PosixFilePermission> exact, Stat existing,
            WriteHooks hooks) throws IOException {
        try (FileChannel ch = FileChannel.open(candidate, CREATE_NEW, PosixFilePermissions.asFileAttribute(perms))) {
            // fstat through /proc/self/fd where there is one; else the name, checked again before the rename
            Optional<Path> self = ProcFd.of(realCandidate);
            Path stat = self.orElse(candidate);
            Stat created = self.isPresent() ? Stat.of(stat) : lstat(target, candidate);
            if (created == null || !created.regular() || created.size() != 0 || created.links() != 1) {
                throw new OutputException("could not write " + target
                        + ": its temporary file was replaced as it was created (is the directory shared?)");
            }
            Object key = created.key();
            hooks.afterCreate().accept(candidate);
            Chunked.writeAll(ch, content);
            // fdatasync: content and size; the timestamps it skips do not matter for durability
            ch.force(false);
            WriteHooks.pauseForTests();
            if (self.isPresent() && existing != null) {
                key = keepOwner(self.get(), created, existing);
            }
            if (exact != null && !created.permissions().equals(exact)) {
                if (self.isPresent()) {
                    // chmod through /proc/self/fd/N is fchmod: it reaches our file whatever holds its name now
                    Files.setPosixFilePermissions(self.get(), exact);
                } else {
                    // a descriptor opened with O_NOFOLLOW: a link at the temp name fails, never followed
                    requireOurs(target, candidate, key, content.length);
                    Files.getFileAttributeView(candidate, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setPermissions(exact);
                }
            }
            return key;
        }
    }

    /**
     * Gives the temp file the existing target's owner and group, as sops' in-place write keeps them (it reuses the
     * inode): fchown through /proc/self/fd, before the mode (a chown clears set-id bits). Only root may give a file
     * away, and only a member may set a group: otherwise the file stays the writer's. Returns the updated key.
     */
    private static Object keepOwner(Path self, Stat created, Stat existing) throws IOException {
        try {
            // numeric ids: the names would cost a read of /etc/group and /etc/passwd each (see Stat)
            if (existing.gid() != created.gid()) {
                Files.setAttribute(self, "unix:gid", existing.gid());
            }
            if (existing.uid() != created.uid()) {
                Files.setAttribute(self, "unix:uid", existing.uid());
            }
        } catch (IOException notAllowed) {
            // not root (or not in the group): the new file is the writer's, as any new file
        }
        return existing.gid() == created.gid() && existing.uid() == created.uid() ? created.key() : Stat.of(self).key();
    }

    /** The temp name must still be the regular file we created: one link, our inode, our length. */
    private static Stat requireOurs(Path target, Path tmp, Object key, long length) {
        Stat a = lstat(target, tmp);
        if (a == null || !a.regular() || !a.key().equals(key) || a.size() != length || a.links() != 1) {
            throw new OutputException("could not write " + target
                    + ": its temporary file was replaced while it was being written (is the directory shared?)");
        }
        return a;
    }

    private static OutputException changed(Path target) {
        return new OutputException("could not write " + target
                + ": the file was replaced while sops4j was working on it; nothing was written");
    }

    /** The one place the target is decided: a link the caller named is followed once; a dangling one is replaced. */
    private static Path resolveOnce(Path target) {
        Path abs = target.toAbsolutePath();
        if (Files.isSymbolicLink(abs)) {
            try {
                return abs.toRealPath();
            } catch (IOException dangling) {
                // write the link's own path, replacing it
            }
        }
        return abs;
    }

    private static void requireDirectory(Path target, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new OutputException("could not write " + target + ": "
                    + (Files.exists(dir) ? dir + " is not a directory" : "directory " + dir + " does not exist"));
        }
    }

    private static Stat lstat(Path target, Path p) {
        try {
            return Stat.of(p, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return null;
        } catch (IOException e) {
            throw new OutputException("could not write " + target + ": " + reason(e, p.getParent()), e);
        }
    }

    /**
     * A mode to be set exactly is widened only once the content is written: until then the temp file is the
     * owner's alone. A new file's mode is asked for at creation so that the umask applies, as for sops.
     */
    private static Set<PosixFilePermission> ownerOnly(Set<PosixFilePermission> wanted) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        s.addAll(wanted);
        s.retainAll(PRIVATE);
        return s;
    }

    private static Path realDirectory(Path target, Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new OutputException("could not write " + target + ": " + reason(e, dir), e);
        }
    }

    private static Optional<FileIdentity> identity(Path target, Path p) {
        try {
            return FileIdentity.of(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new OutputException("could not write " + target + ": " + reason(e, p.getParent()), e);
        }
    }

    /** Why, without the temp file's name: the directory for a permission problem, else the system's reason. */
    static String reason(IOException e, Path dir) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (cannot create or replace files in " + dir + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "directory " + dir + " disappeared";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the name starts with a dot, says what it is, and the file is the caller's mode or 0600
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot fsync a directory; the rename itself already happened
        }
    }
}
