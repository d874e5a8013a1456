package dev.sops4j.cli.io;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What says "still the same file": device and inode, and what a replacement that reused the inode number would
 * change (type and mode, owner, size, modification and change times). An inode number alone is not enough:
 * file systems hand a freed number to the next file created, often at once.
 */
public record FileIdentity(Object dev, Object ino, Object mode, Object uid, Object gid, Object size, Object mtime,
        Object ctime) {
    private static final String ATTRIBUTES = "unix:dev,ino,mode,uid,gid,size,lastModifiedTime,ctime";

    /** The identity of the file at {@code p} (a link is followed when {@code options} do not say otherwise). */
    public static Optional<FileIdentity> of(Path p, LinkOption... options) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, ATTRIBUTES, options);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        return Optional.of(new FileIdentity(a.get("dev"), a.get("ino"), a.get("mode"), a.get("uid"), a.get("gid"),
                a.get("size"), a.get("lastModifiedTime"), a.get("ctime")));
    }
}
