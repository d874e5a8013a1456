package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintQueryTest {
    private static final byte[] FP = HexFormat.of().parseHex("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");

    @Test
    void matching() {
        assertTrue(FingerprintQuery.of("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4").matches(FP));
        assertTrue(FingerprintQuery.of("fbc7 b9e2 a4f9 289a c0c1  d484 3d16 cee4 a273 81b4").matches(FP));
        assertTrue(FingerprintQuery.of("3D16CEE4A27381B4").matches(FP), "long key id");
        assertFalse(FingerprintQuery.of("3D16CEE4A27381B5").matches(FP));
        assertFalse(FingerprintQuery.of("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4FF").matches(FP));
        assertFalse(FingerprintQuery.of("").matches(FP));
        assertFalse(FingerprintQuery.of("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B").matches(FP), "prefix is no match");
    }

    @Test
    void trustedKeyIdIsTheLast16Characters() {
        assertEquals("3D16CEE4A27381B4",
                FingerprintQuery.of("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4").trustedKeyId());
        assertEquals("ABC", FingerprintQuery.of("A B C").trustedKeyId());
    }
}
