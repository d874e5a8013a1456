package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files per command and --recursive driven by .sops.yaml: beyond sops. */
class BatchE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
    }

    @Test
    void encryptAndDecryptManyFilesInPlaceOneFailureDoesNotStopTheOthers() {
        for (int i = 0; i < 6; i++) {
            write(dir.resolve("f" + i + ".json"), "{\"n\": \"v" + i + "\"}\n");
        }
        Result enc = CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(),
                "f0.json", "f1.json", "f2.json", "f3.json", "f4.json", "f5.json");
        assertEquals(0, enc.code(), enc.err());
        assertEquals("sops4j encrypt: 6 files, 6 done, 0 skipped, 0 failed\n", enc.err());
        write(dir.resolve("f3.json"), "{\"not\": \"encrypted\"}\n");
        Result dec = CliProcess.run(dir, key.env(), "decrypt", "-i", "f0.json", "f1.json", "f2.json", "f3.json",
                "f4.json", "f5.json");
        assertEquals(1, dec.code());
        assertEquals(dir.resolve("f3.json") + ": sops metadata not found\n"
                + "sops4j decrypt: 6 files, 5 done, 0 skipped, 1 failed\n", dec.err());
        for (int i = 0; i < 6; i++) {
            if (i != 3) {
                assertEquals("{\n\t\"n\": \"v" + i + "\"\n}\n", read(dir.resolve("f" + i + ".json")));
            }
        }
    }

    @Test
    void severalFilesNeedInPlace() {
        write(dir.resolve("a.json"), "{}");
        write(dir.resolve("b.json"), "{}");
        Result r = CliProcess.run(dir, key.env(), "decrypt", "a.json", "b.json");
        assertEquals(8, r.code());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void recursiveFollowsCreationRulesAndSkipsWhatIsDone() throws Exception {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: secrets/.*\\.json$\n    age: "
                + key.recipient() + "\n");
        Files.createDirectories(dir.resolve("secrets/deep"));
        Files.createDirectories(dir.resolve("secrets/.git"));
        write(dir.resolve("secrets/a.json"), "{\"a\": \"1\"}\n");
        write(dir.resolve("secrets/deep/b.json"), "{\"b\": \"2\"}\n");
        write(dir.resolve("secrets/.git/c.json"), "{\"c\": \"3\"}\n");
        write(dir.resolve("secrets/notes.txt"), "not matched\n");
        write(dir.resolve("other.json"), "{\"o\": \"4\"}\n");
        Result r = CliProcess.run(dir, key.env(), "encrypt", "-i", "--recursive", "secrets");
        assertEquals(0, r.code(), r.err());
        assertEquals("sops4j encrypt: 2 files, 2 done, 0 skipped, 0 failed\n", r.err());
        assertTrue(read(dir.resolve("secrets/deep/b.json")).contains("ENC["));
        assertFalse(read(dir.resolve("secrets/.git/c.json")).contains("ENC["));
        assertEquals("not matched\n", read(dir.resolve("secrets/notes.txt")));
        Result again = CliProcess.run(dir, key.env(), "encrypt", "-i", "--recursive", "secrets");
        assertEquals("sops4j encrypt: 2 files, 0 done, 2 skipped, 0 failed\n", again.err());
        Result dec = CliProcess.run(dir, key.env(), "decrypt", "-i", "-R", "secrets");
        assertEquals(0, dec.code(), dec.err());
        assertEquals("{\n\t\"a\": \"1\"\n}\n", read(dir.resolve("secrets/a.json")));
    }
}
