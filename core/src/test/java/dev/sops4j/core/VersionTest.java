package dev.sops4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void theBuildWroteTheProjectVersionAndTheCheckedOutCommit() throws Exception {
        Version v = Version.current();
        assertTrue(v.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), v.version());
        String head = gitHead();
        assertEquals(head == null ? "unknown" : head, v.commit(), "commit recorded by the build");
    }

    @Test
    void missingOrUnfilteredValuesReadAsUnknown() throws IOException {
        assertEquals(new Version("unknown", "unknown"), Version.parse(null));
        Version v = Version.parse(new ByteArrayInputStream(
                "version=1.2.3\ncommit=${sops4j.commit}\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(new Version("1.2.3", "unknown"), v);
        assertEquals("sops4j 1.2.3 (unknown)", v.line("sops4j"));
        assertEquals(new Version("unknown", "unknown"), Version.parse(new ByteArrayInputStream(
                "version=\ncommit= \n".getBytes(StandardCharsets.ISO_8859_1))));
    }

    /** The commit git reports for the checkout this test runs in, or null when there is no git or no checkout. */
    private static String gitHead() throws InterruptedException {
        try {
            Path out = Files.createTempFile("head", ".txt");
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int rc = p.waitFor();
            String head = Files.readString(out).trim();
            Files.delete(out);
            return rc == 0 && !head.isEmpty() ? head : null;
        } catch (IOException e) {
            return null;
        }
    }
}
