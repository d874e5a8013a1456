package dev.sops4j.core.keys.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.error.KeySourceException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AgeKeysTest {

    /** Deterministic bytes so the expected Bech32 strings are fixed. */
    private static SecureRandom fixedRandom(byte fill) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, fill);
            }
        };
    }

    @Test
    void fileTextIsExactlyWhatAgeKeygenWrites() {
        Clock utc = Clock.fixed(Instant.parse("2026-11-22T20:14:37.123Z"), ZoneOffset.UTC);
        AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity(utc, fixedRandom((byte) 0x42));
        // The C2SP age spec's example identity is 32 bytes of 0x42 with this recipient.
        assertEquals("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX", id.identity());
        assertEquals("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj", id.recipient());
        assertEquals("# created: 2026-11-22T20:14:37Z\n"
                + "# public key: age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj\n"
                + "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX\n", id.fileText());
        assertFalse(id.toString().contains("SECRET"));
    }

    @Test
    void createdCommentCarriesTheLocalOffset() {
        Clock berlin = Clock.fixed(Instant.parse("2026-07-01T10:00:00Z"), ZoneId.of("Europe/Berlin"));
        String text = AgeKeys.generateIdentity(berlin, new SecureRandom()).fileText();
        assertTrue(text.startsWith("# created: 2026-07-01T12:00:00+02:00\n# public key: age1"), text);
    }

    @Test
    void recipientOfRejectsGarbageWithoutEchoingIt() {
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> AgeKeys.recipientOf("AGE-SECRET-KEY-1SECRETSTUFF"));
        assertEquals("invalid age identity: expected a Bech32 AGE-SECRET-KEY-1... string", e.getMessage());
        assertThrows(KeySourceException.class, () -> AgeKeys.recipientOf(
                "age-secret-key-1gfpyysjzgfpyysjzgfpyysjzgfpyysjzgfpyysjzgfpyysjzgfpq4egaex"));
    }

    @Test
    void generatedKeysAgreeWithAgeKeygen() throws Exception {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "age-keygen")));
        assumeTrue(found, "age-keygen is not on PATH: skipping (apt-get install -y age)");
        for (int i = 0; i < 5; i++) {
            AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
            Process p = new ProcessBuilder("age-keygen", "-y").start();
            try (var in = p.getOutputStream()) {
                in.write(id.fileText().getBytes(StandardCharsets.US_ASCII));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            assertEquals(0, p.waitFor());
            assertEquals(id.recipient(), out);
            assertEquals(id.recipient(), AgeKeys.recipientOf(id.identity()));
        }
    }
}
