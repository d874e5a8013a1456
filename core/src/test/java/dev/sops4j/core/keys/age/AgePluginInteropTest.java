package dev.sops4j.core.keys.age;

import static dev.sops4j.core.keys.age.AgeTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.age.plugin.Plugins;
import dev.sops4j.core.keys.age.plugin.TerminalPluginUi;
import dev.sops4j.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The age plugin protocol against age 1.3.2's own plugins (age-plugin-tagtest, age-plugin-pq). */
class AgePluginInteropTest {
    private static final byte[] SECRET = "plugin-wrapped data key 32 bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Map<String, String> env(String identity) {
        return Map.of("PATH", HybridAgeInteropTest.bin().toString(), "SOPS_AGE_KEY", identity);
    }

    @Test
    void tagRecipientsDecryptThroughTheTagtestPluginIdentity() throws Exception {
        String hybrid = Files.readString(Path.of("src/test/resources/age/tagtest-pq-recipient.txt")).strip();
        for (String recipient : List.of(HybridAgeInteropTest.TAGTEST, hybrid)) {
            AgeKeySource source = source(dir, env(HybridAgeInteropTest.TAGTEST_IDENTITY));
            AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(SECRET));
            try (SecretBytes out = source.unwrap(wrapped)) {
                assertArrayEquals(SECRET, out.copy());
            }
        }
    }

    @Test
    void pqPluginIdentityAndRecipientSpeakIdentityV1AndRecipientV1() throws Exception {
        Path bin = HybridAgeInteropTest.bin();
        AgeKeys.GeneratedIdentity id = AgeKeys.generateHybridIdentity();
        String pluginIdentity = HybridAgeInteropTest.run(dir, id.identity().getBytes(StandardCharsets.US_ASCII),
                "age-plugin-pq", "-identity").lines().filter(l -> l.startsWith("AGE-PLUGIN-PQ-1")).findFirst()
                .orElseThrow();
        // identity-v1: a natively written mlkem768x25519 stanza, unwrapped by age-plugin-pq
        AgeKeySource source = source(dir, env(pluginIdentity));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(id.recipient()), SecretBytes.copyOf(SECRET));
        try (SecretBytes out = source.unwrap(wrapped)) {
            assertArrayEquals(SECRET, out.copy());
        }
        // recipient-v1: age-plugin-pq wraps for age1pq1..., the native identity unwraps
        Plugins plugins = new Plugins(bin.toString(), Duration.ofSeconds(60), new TerminalPluginUi());
        byte[] fileKey = "sixteen byte key".getBytes(StandardCharsets.US_ASCII);
        List<RecipientStanza> stanzas = new ArrayList<>();
        plugins.recipient(id.recipient()).getRecipientStanzas(new FileKey(fileKey)).forEach(stanzas::add);
        assertEquals(HybridRecipient.STANZA_TYPE, stanzas.get(0).getType());
        assertArrayEquals(fileKey, HybridIdentity.parse(id.identity()).unwrap(stanzas).getEncoded());
    }

    @Test
    void missingPluginIsOneClearLine() {
        String recipient = Bech32.encode("age1nosuch", new byte[8]);
        KeySourceException e = assertThrows(KeySourceException.class, () -> source(dir, Map.of("PATH", dir.toString()))
                .wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(SECRET)));
        assertEquals("failed to encrypt data key with age for recipient " + recipient + ": age plugin nosuch: age"
                + " plugin binary age-plugin-nosuch not found in PATH", e.getMessage());
    }
}
