package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips over generated inputs: secret lengths 1..64 (data keys are 32 bytes, Shamir shares 33) and contexts
 * with 0..4 entries of arbitrary Unicode, including characters JSON must escape. Seeds are fixed so a failure
 * reproduces.
 */
class KmsRoundTripTest {
    private static final String ALPHABET = "abcXYZ019 :,=\"\\/\u00e9\u4e2d\ud83d\udd11\n\t";

    @TempDir
    Path home;
    KmsFixture aws;

    @BeforeEach
    void start() throws Exception {
        aws = new KmsFixture(home);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void wrapThenUnwrapInAFreshProcessGivesTheSecretBack(long seed) {
        Random random = new Random(seed);
        String arn = aws.kms.createKey(KmsFixture.REGION);
        try (KmsKeySource writer = aws.source(aws.userEnv()); KmsKeySource reader = aws.source(aws.userEnv())) {
            for (int i = 0; i < 4; i++) {
                byte[] secret = new byte[1 + random.nextInt(64)];
                random.nextBytes(secret);
                Map<String, String> ctx = new LinkedHashMap<>();
                int entries = random.nextInt(5);
                for (int e = 0; e < entries; e++) {
                    ctx.put(text(random, 1 + random.nextInt(8)), text(random, random.nextInt(12)));
                }
                KmsKeyRef wrapped = writer.wrap(new KmsKeyRef(arn, "", ctx, "", "", ""), SecretBytes.copyOf(secret));
                assertEquals(ctx, wrapped.context());
                try (SecretBytes back = reader.unwrap(wrapped)) {
                    assertArrayEquals(secret, back.copy(), "seed " + seed + " round " + i);
                }
            }
        }
    }

    private static String text(Random random, int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            int i = random.nextInt(ALPHABET.length());
            char c = ALPHABET.charAt(i);
            if (Character.isHighSurrogate(c)) {
                b.append(c).append(ALPHABET.charAt(i + 1));
            } else if (!Character.isLowSurrogate(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
