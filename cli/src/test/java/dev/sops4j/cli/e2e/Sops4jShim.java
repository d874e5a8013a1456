package dev.sops4j.cli.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code sops4j} command for the shell scripts of tests (documentation examples, the README tour, git drivers):
 * this build's CLI on the test's JVM and class path, with the launcher's JIT and GC options.
 */
final class Sops4jShim {
    private Sops4jShim() {
    }

    /** Writes the executable script {@code file}; {@code tmpDir} (nullable) becomes the JVM's temporary directory. */
    static Path write(Path file, Path tmpDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String tmp = tmpDir == null ? "" : " -Djava.io.tmpdir='" + tmpDir + "'";
        try {
            Files.writeString(file, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" + tmp
                    + " -cp '" + System.getProperty("java.class.path") + "' dev.sops4j.cli.Main \"$@\"\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
