package dev.sops4j.core.keys.age;

import static dev.sops4j.core.keys.age.AgeTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Post-quantum hybrid and tag recipients against the real age 1.3.2 ({@code SOPS4J_AGE13_BIN}, set by
 * scripts/test-all): keys, files and plugin decryption in both directions.
 */
class HybridAgeInteropTest {
    /** age-plugin-tagtest's fixed recipients (tag/internal/age-plugin-tagtest in age 1.3). */
    static final String TAGTEST = "age1tag1qwe0kafsjrar4txm6heqnhpfuggzr0gvznz7fvygxrlq90u5mq2pysxtw6h";
    static final String TAGTEST_IDENTITY = Bech32.encode("AGE-PLUGIN-TAGTEST-", new byte[0]).toUpperCase();

    @TempDir
    Path dir;

    static Path bin() {
        String b = System.getenv("SOPS4J_AGE13_BIN");
        assumeTrue(b != null && Files.isExecutable(Path.of(b, "age")),
                "SOPS4J_AGE13_BIN is not set (scripts/test-all fetches age 1.3.2): skipping age 1.3 interop");
        return Path.of(b);
    }

    static String run(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(args));
        cmd.set(0, bin().resolve(args[0]).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("PATH", bin() + ":" + System.getenv("PATH"));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + " failed");
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    @Test
    void ourHybridKeysMatchAgeKeygenAndDecryptWithAge() throws Exception {
        bin();
        AgeKeys.GeneratedIdentity id = AgeKeys.generateHybridIdentity();
        Path key = Files.writeString(dir.resolve("key.txt"), id.fileText());
        assertEquals(id.recipient() + "\n", run(dir, new byte[0], "age-keygen", "-y", key.toString()));
        assertEquals(id.recipient(), AgeKeys.recipientOf(id.identity()));
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        AgeKeyRef wrapped = source(dir, Map.of()).wrap(AgeKeyRef.of(id.recipient()), SecretBytes.copyOf(secret));
        assertTrue(wrapped.enc().contains("-----BEGIN AGE ENCRYPTED FILE-----"));
        String plain = run(dir, wrapped.enc().getBytes(StandardCharsets.US_ASCII), "age", "-d", "-i", key.toString());
        assertArrayEquals(secret, plain.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void ageKeygenPqKeysDecryptWhatAgeEncrypts() throws Exception {
        Path key = dir.resolve("key.txt");
        run(dir, new byte[0], "age-keygen", "-pq", "-o", key.toString());
        String recipient = run(dir, new byte[0], "age-keygen", "-y", key.toString()).strip();
        byte[] secret = "a data key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
        String enc = run(dir, secret, "age", "-a", "-r", recipient);
        AgeKeyRef ref = new AgeKeyRef(recipient, enc);
        try (SecretBytes out = source(dir, Map.of("SOPS_AGE_KEY_FILE", key.toString())).unwrap(ref)) {
            assertArrayEquals(secret, out.copy());
        }
    }

    @Test
    void tagRecipientsAreDecryptedByAgesTagtestPlugin() throws Exception {
        String hybrid = new String(Files.readAllBytes(Path.of("src/test/resources/age/tagtest-pq-recipient.txt")),
                StandardCharsets.US_ASCII).strip();
        Path identity = Files.writeString(dir.resolve("tagtest.txt"), TAGTEST_IDENTITY + "\n");
        for (String recipient : List.of(TAGTEST, hybrid)) {
            byte[] secret = ("secret for " + recipient.substring(0, 9)).getBytes(StandardCharsets.US_ASCII);
            AgeKeyRef wrapped = source(dir, Map.of()).wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(secret));
            String plain = run(dir, wrapped.enc().getBytes(StandardCharsets.US_ASCII), "age", "-d", "-i",
                    identity.toString());
            assertEquals(new String(secret, StandardCharsets.US_ASCII), plain);
        }
    }
}
