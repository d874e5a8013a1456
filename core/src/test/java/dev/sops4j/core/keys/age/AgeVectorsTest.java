package dev.sops4j.core.keys.age;

import static dev.sops4j.core.keys.age.AgeTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real age data written by sops' tests and by sops 3.13.2 itself (read from ../shared, never copied). */
class AgeVectorsTest {
    private static final String KEYS = "sops-vectors/keys/age/";
    private static final String MOCK_RECIPIENT = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    private static final String MOCK_OTHER_RECIPIENT = "age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90";

    @TempDir
    Path dir;

    @Test
    void x25519StanzaFromSopsTestsUnwrapsToData() {
        String key = SharedData.file(KEYS + "sops-unit-test-keys.txt").toString();
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_FILE", key));
        AgeKeyRef ref = new AgeKeyRef(MOCK_RECIPIENT, SharedData.text(KEYS + "mockEncryptedKey.age.txt"));
        try (SecretBytes s = source.unwrap(ref)) {
            assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), s.copy());
        }
    }

    @Test
    void sshEd25519StanzaFromSopsTestsUnwrapsToData() {
        String key = SharedData.file(KEYS + "mockSshIdentity.ed25519").toString();
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key));
        String recipient = SharedData.text(KEYS + "mockSshIdentity.ed25519.pub").strip();
        AgeKeyRef ref = new AgeKeyRef(recipient, SharedData.text(KEYS + "mockEncryptedSshKey.age.txt"));
        try (SecretBytes s = source.unwrap(ref)) {
            assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), s.copy());
        }
    }

    @Test
    void passphraseProtectedIdentityFileUnwrapsWithPassphraseAskedOnce() {
        String key = SharedData.file(KEYS + "mockEncryptedIdentity.age.txt").toString();
        AtomicInteger asked = new AtomicInteger();
        AgeKeySource source = new AgeKeySource(AgeTestSupport.env(dir, Map.of("SOPS_AGE_KEY_FILE", key)), prompt -> {
            asked.incrementAndGet();
            assertEquals("Enter passphrase for identity SOPS_AGE_KEY_FILE:", prompt);
            return "passphrase".toCharArray();
        });
        AgeKeyRef ref = new AgeKeyRef(MOCK_RECIPIENT, SharedData.text(KEYS + "mockEncryptedKey.age.txt"));
        try (SecretBytes s = source.unwrap(ref)) {
            assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), s.copy());
        }
        try (SecretBytes s = source.unwrap(ref)) {
            assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), s.copy());
        }
        assertEquals(1, asked.get());
    }

    @Test
    void wrongPassphraseIsReportedAsSuch() {
        String key = SharedData.file(KEYS + "mockEncryptedIdentity.age.txt").toString();
        AgeKeySource source = new AgeKeySource(AgeTestSupport.env(dir, Map.of("SOPS_AGE_KEY_FILE", key)),
                prompt -> "wrong".toCharArray());
        AgeKeyRef ref = new AgeKeyRef(MOCK_RECIPIENT, SharedData.text(KEYS + "mockEncryptedKey.age.txt"));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(ref));
        assertEquals("no age identity matches recipient " + MOCK_RECIPIENT
                + ": tried 1 identity from SOPS_AGE_KEY_FILE; SOPS_AGE_KEY_FILE: incorrect passphrase for encrypted"
                + " identity file", e.getMessage());
    }

    @Test
    void otherMockIdentityDoesNotMatch() {
        String keys = SharedData.text(KEYS + "sops-unit-test-keys.txt");
        String other = keys.lines().filter(l -> l.startsWith("AGE-SECRET-KEY-1")).skip(1).findFirst().orElseThrow();
        assertEquals(MOCK_OTHER_RECIPIENT, AgeKeys.recipientOf(other));
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY", other));
        AgeKeyRef ref = new AgeKeyRef(MOCK_RECIPIENT, SharedData.text(KEYS + "mockEncryptedKey.age.txt"));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(ref));
        assertEquals("no age identity matches recipient " + MOCK_RECIPIENT + ": tried 1 identity from SOPS_AGE_KEY",
                e.getMessage());
    }

    @Test
    void recipientsOfTheUnitTestKeysMatchAgeKeygen() {
        String[] ids = SharedData.text(KEYS + "sops-unit-test-keys.txt").lines()
                .filter(l -> l.startsWith("AGE-SECRET-KEY-1")).toArray(String[]::new);
        assertEquals(MOCK_RECIPIENT, AgeKeys.recipientOf(ids[0]));
        assertEquals(MOCK_OTHER_RECIPIENT, AgeKeys.recipientOf(ids[1]));
    }

    @Test
    void hybridPostQuantumIdentityOfSopsUnitTestsLoadsAndWrapsRoundTrip() {
        Path key = SharedData.file(KEYS + "sops-unit-test-hybrid-pq-identity.txt");
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_FILE", key.toString()));
        // the X25519 mock key is not for it: tried and not matched, no parse error any more
        AgeKeyRef ref = new AgeKeyRef(MOCK_RECIPIENT, SharedData.text(KEYS + "mockEncryptedKey.age.txt"));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(ref));
        assertEquals("no age identity matches recipient " + MOCK_RECIPIENT + ": tried 1 identity from"
                + " SOPS_AGE_KEY_FILE", e.getMessage());
        String identity = SharedData.text(KEYS + "sops-unit-test-hybrid-pq-identity.txt").lines()
                .filter(l -> l.startsWith("AGE-SECRET-KEY-PQ-1")).findFirst().orElseThrow();
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(AgeKeys.recipientOf(identity)),
                dev.sops4j.core.secret.SecretBytes.copyOf(new byte[32]));
        try (var out = source.unwrap(wrapped)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[32], out.copy());
        }
    }

    @Test
    void dataKeyOfRealSops3132FileUnwrapsTo32Bytes() {
        String base = "sops-vectors/real-sops-3.13.2/";
        String yaml = SharedData.text(base + "a.enc.yaml");
        Matcher m = Pattern.compile("- enc: \\|\\n((?: {12}.*\\n)+) {10}recipient: (\\S+)").matcher(yaml);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "age entry in a.enc.yaml");
        String armor = m.group(1).replaceAll("(?m)^ {12}", "");
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_FILE", SharedData.file(base + "age-key.txt").toString()));
        try (SecretBytes s = source.unwrap(new AgeKeyRef(m.group(2), armor))) {
            assertEquals(32, s.length());
        }
    }
}
