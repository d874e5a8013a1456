package dev.sops4j.cli.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code stat} of a file as {@link AtomicFiles} checks it: numeric owner and group, link count, size, type,
 * mode and file key (device and inode), and its {@link FileIdentity} from the same read.
 * {@code PosixFileAttributes.owner()} and {@code group()} turn the ids into names, which opens and reads
 * {@code /etc/passwd} or {@code /etc/group} on every call: six times per file, 1,200 opens for a batch of 200
 * files, where the numbers are all that the checks compare.
 */
record Stat(Object fileKey, int uid, int gid, int links, long size, boolean regular, boolean symbolicLink,
        Set<PosixFilePermission> permissions, FileIdentity identity) {
    private static final String ATTRIBUTES = "unix:fileKey,nlink,isRegularFile,isSymbolicLink,permissions,"
            + FileIdentity.ATTRIBUTE_NAMES;

    /** {@code p}'s attributes (a link is followed unless {@code options} say otherwise). */
    @SuppressWarnings("unchecked")
    static Stat of(Path p, LinkOption... options) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, options);
        return new Stat(a.get("fileKey"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("nlink"),
                (Long) a.get("size"), (Boolean) a.get("isRegularFile"), (Boolean) a.get("isSymbolicLink"),
                (Set<PosixFilePermission>) a.get("permissions"), FileIdentity.from(a));
    }

    /** What says "our temp file": its inode and its owner (which a chown by root would change). */
    Object key() {
        return List.of(fileKey, uid);
    }
}
