package dev.sops4j.cli.io;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What says "still the same file": device and inode, and what a replacement that reused the inode number would
 * change (type and mode, owner, size, modification and change times). An inode number alone is not enough:
 * file systems hand a freed number to the next file created, often at once.
 */
public record FileIdentity(Object dev, Object ino, Object mode, Object uid, Object gid, Object size, Object mtime,
        Object ctime) {
    /** The {@code unix} attributes an identity is made of. */
    static final String ATTRIBUTE_NAMES = "dev,ino,mode,uid,gid,size,lastModifiedTime,ctime";
    private static final String ATTRIBUTES = "unix:" + ATTRIBUTE_NAMES;

    /** The identity of the file at {@code p} (a link is followed when {@code options} do not say otherwise). */
    public static Optional<FileIdentity> of(Path p, LinkOption... options) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, ATTRIBUTES, options);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        return Optional.of(from(a));
    }

    /** From attributes read with (at least) {@link #ATTRIBUTE_NAMES} of the {@code unix} view. */
    static FileIdentity from(Map<String, Object> a) {
        return new FileIdentity(a.get("dev"), a.get("ino"), a.get("mode"), a.get("uid"), a.get("gid"),
                a.get("size"), a.get("lastModifiedTime"), a.get("ctime"));
    }

    // Written out rather than the record's generated methods: those link a method-handle chain on first use, which
    // a batch of files paid on every thread (and ran slowly under the launcher's C1 compiler afterwards).
    @Override
    public boolean equals(Object o) {
        return o instanceof FileIdentity f && Objects.equals(dev, f.dev) && Objects.equals(ino, f.ino)
                && Objects.equals(mode, f.mode) && Objects.equals(uid, f.uid) && Objects.equals(gid, f.gid)
                && Objects.equals(size, f.size) && Objects.equals(mtime, f.mtime) && Objects.equals(ctime, f.ctime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dev, ino, mode, uid, gid, size, mtime, ctime);
    }
}
