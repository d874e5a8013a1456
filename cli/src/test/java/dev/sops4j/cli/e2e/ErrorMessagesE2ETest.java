package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors a new user meets first: short, the likeliest cause first, naming the file. */
class ErrorMessagesE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    private void encrypted(String name) {
        write(dir.resolve(name), "db:\n    password: s3cret\n");
        Result r = CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), name);
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void missingKeyFileIsNamedFirstInAtMostThreeLines() {
        encrypted("s.yaml");
        Result r = CliProcess.run(dir, Map.of("SOPS_AGE_KEY_FILE", "/nonexistent/keys.txt"), "decrypt", "s.yaml");
        assertEquals(128, r.code());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.size() <= 3, r.err());
        assertTrue(lines.get(0).startsWith("Failed to get the data key required to decrypt the SOPS file. Failed to open"
                + " SOPS_AGE_KEY_FILE file /nonexistent/keys.txt: no such file or directory; "), r.err());
        assertEquals("Group 0: FAILED (age " + key.recipient() + ")", lines.get(1));
        assertEquals(r.err().indexOf(key.recipient()), r.err().lastIndexOf(key.recipient()), "recipient named once");
        assertEquals("", r.out());
    }

    @Test
    void verboseAddsDetailWithoutRepeatingTheMessage() {
        encrypted("s.yaml");
        Result r = CliProcess.run(dir, Map.of("SOPS_AGE_KEY_FILE", "/nonexistent/keys.txt"), "decrypt", "--verbose",
                "s.yaml");
        assertEquals(128, r.code());
        String first = r.err().lines().findFirst().orElseThrow();
        assertEquals(r.err().indexOf(first), r.err().lastIndexOf(first), r.err());
        assertTrue(r.err().contains("\tat dev.sops4j."), r.err());
        assertTrue(r.err().contains("Caused by (one key): dev.sops4j.core.error.KeySourceException: failed to open"
                + " SOPS_AGE_KEY_FILE file /nonexistent/keys.txt"), r.err());
    }

    /** Every command that reads an encrypted file says a plaintext one is not encrypted, and how to encrypt it. */
    @Test
    void plaintextFileIsNamedWithHowToEncryptIt() {
        write(dir.resolve("plain.yaml"), "a: b\n");
        String expected = "sops metadata not found: " + dir.resolve("plain.yaml") + " is not encrypted (to encrypt it:"
                + " sops4j encrypt -i " + dir.resolve("plain.yaml") + ")\n";
        for (String[] args : List.of(new String[] {"decrypt", "plain.yaml"}, new String[] {"rotate", "plain.yaml"},
                new String[] {"set", "plain.yaml", "[\"a\"]", "\"c\""}, new String[] {"unset", "plain.yaml", "[\"a\"]"},
                new String[] {"exec-env", "plain.yaml", "true"}, new String[] {"exec-file", "plain.yaml", "true"})) {
            Result r = CliProcess.run(dir, key.env(), args);
            assertEquals(1, r.code(), args[0] + ": " + r.err());
            assertEquals(expected, r.err(), args[0]);
        }
        Result r = CliProcess.run(dir, key.env(), "decrypt", "-i", "plain.yaml");
        assertEquals(expected, r.err());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void damagedAndUnparsableFilesAreNamed() throws Exception {
        encrypted("s.yaml");
        String text = java.nio.file.Files.readString(dir.resolve("s.yaml"));
        write(dir.resolve("s.yaml"), text.replaceFirst("mac: ENC\\[AES256_GCM,data:.", "mac: ENC[AES256_GCM,data:A"));
        Result mac = CliProcess.run(dir, key.env(), "decrypt", "s.yaml");
        assertEquals(51, mac.code(), mac.err());
        assertTrue(mac.err().startsWith(dir.resolve("s.yaml") + ": MAC mismatch"), mac.err());
        write(dir.resolve("bad.yaml"), "a: [\n");
        Result bad = CliProcess.run(dir, key.env(), "decrypt", "bad.yaml");
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith(dir.resolve("bad.yaml") + ": "), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }
}
