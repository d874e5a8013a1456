package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsLegacyContextTest {
    @TempDir
    Path home;

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void versionsBeforeTheFix() {
        assertTrue(KmsLegacyContext.writtenBeforeFix("3.2.0"));
        assertTrue(KmsLegacyContext.writtenBeforeFix("2.0.9"));
        assertTrue(KmsLegacyContext.writtenBeforeFix("3.2.9-rc1"));
        assertFalse(KmsLegacyContext.writtenBeforeFix("3.3"));
        assertFalse(KmsLegacyContext.writtenBeforeFix("3.3.0"));
        assertFalse(KmsLegacyContext.writtenBeforeFix("3.13.2"));
        assertFalse(KmsLegacyContext.writtenBeforeFix("garbage"));
        assertFalse(KmsLegacyContext.writtenBeforeFix(""));
    }

    @Test
    void shapeAndVariants() {
        KmsKeyRef ref = new KmsKeyRef("arn:aws:kms:eu-west-1:1:key/k", "", ordered("a", "1", "b", "2", "c", "1"),
                "", "", "enc");
        assertTrue(KmsLegacyContext.affected(ref));
        assertFalse(KmsLegacyContext.affected(new KmsKeyRef(ref.arn(), "", ordered("a", "1", "b", "1"), "", "", "")));
        assertFalse(KmsLegacyContext.affected(new KmsKeyRef(ref.arn(), "", ordered("a", "1"), "", "", "")));
        List<KmsKeyRef> variants = KmsLegacyContext.variants(ref);
        assertEquals(List.of(ordered("a", "1", "b", "1", "c", "1"), ordered("a", "2", "b", "2", "c", "2")),
                variants.stream().map(KmsKeyRef::context).toList());
        assertEquals("enc", variants.get(1).enc());
    }

    @Test
    void aBuggyDataKeyDecryptsOnlyThroughItsVariant() throws Exception {
        try (KmsFixture aws = new KmsFixture(home)) {
            String arn = aws.kms.createKey(KmsFixture.REGION);
            Map<String, String> recorded = ordered("app", "billing", "env", "prod");
            KmsKeyRef buggy;
            try (KmsKeySource old = aws.source(aws.userEnv())) {
                // What sops 3.2 sent KMS: every key with the same value.
                KmsKeyRef sent = old.wrap(new KmsKeyRef(arn, "", ordered("app", "prod", "env", "prod"), "", "", ""),
                        SecretBytes.copyOf(KmsKeySourceTest.DATA_KEY));
                buggy = new KmsKeyRef(arn, "", recorded, "", sent.createdAt(), sent.enc());
            }
            try (KmsKeySource source = aws.source(aws.userEnv())) {
                assertThrows(KeySourceException.class, () -> source.unwrap(buggy));
                List<KmsKeyRef> variants = KmsLegacyContext.variants(buggy);
                assertThrows(KeySourceException.class, () -> source.unwrap(variants.get(0)));
                try (SecretBytes key = source.unwrap(variants.get(1))) {
                    assertArrayEquals(KmsKeySourceTest.DATA_KEY, key.copy());
                }
            }
        }
    }
}
