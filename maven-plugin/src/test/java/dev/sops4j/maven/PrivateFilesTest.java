package dev.sops4j.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesOwnerOnlyCreatingDirectoriesAndReplacing() throws Exception {
        Path target = dir.resolve("a/b/secret.yaml");
        PrivateFiles.write(target, "first\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.write(target, "second\n".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("second\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList(), "no temporary file left behind");
        }
    }
}
