package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ShamirTest {

    @Test
    void fieldArithmeticIsTheAesField() {
        // FIPS-197 section 4.2: {57} x {83} = {c1}, {57} x {13} = {fe}.
        assertEquals(0xc1, Shamir.mul(0x57, 0x83));
        assertEquals(0xfe, Shamir.mul(0x57, 0x13));
        for (int a = 1; a < 256; a++) {
            assertEquals(1, Shamir.mul(a, Shamir.inverse(a)), "inverse of " + a);
        }
    }

    @Test
    void sharesEndWithTheirOneBasedIndex() {
        byte[][] shares = Shamir.split(new byte[32], 3, 2, new SecureRandom());
        for (int i = 0; i < 3; i++) {
            assertEquals(33, shares[i].length);
            assertEquals(i + 1, shares[i][32]);
        }
    }

    @Property(tries = 100)
    void anyThresholdSubsetRecoversTheSecret(@ForAll @Size(min = 1, max = 40) byte[] secret,
            @ForAll @IntRange(min = 2, max = 6) int parts, @ForAll @IntRange(min = 2, max = 6) int threshold,
            @ForAll long seed) {
        if (threshold > parts) {
            return;
        }
        byte[][] shares = Shamir.split(secret, parts, threshold, new SecureRandom());
        List<byte[]> all = new ArrayList<>(Arrays.asList(shares));
        Collections.shuffle(all, new java.util.Random(seed));
        for (int k = threshold; k <= parts; k++) {
            assertArrayEquals(secret, Shamir.combine(all.subList(0, k)));
        }
        if (threshold > 2 && secret.length >= 16) {
            // Below the threshold the interpolation yields something else (with overwhelming probability).
            assertFalse(Arrays.equals(secret, Shamir.combine(all.subList(0, threshold - 1))));
        }
    }

    @Test
    void badParametersAreRejected() {
        SecureRandom r = new SecureRandom();
        assertEquals("parts cannot be less than threshold",
                assertThrows(IllegalArgumentException.class, () -> Shamir.split(new byte[4], 2, 3, r)).getMessage());
        assertEquals("threshold must be between 2 and 255",
                assertThrows(IllegalArgumentException.class, () -> Shamir.split(new byte[4], 3, 1, r)).getMessage());
        byte[][] s = Shamir.split(new byte[4], 2, 2, r);
        assertEquals("duplicate part detected", assertThrows(IllegalArgumentException.class,
                () -> Shamir.combine(List.of(s[0], s[0]))).getMessage());
        assertEquals("all parts must be the same length", assertThrows(IllegalArgumentException.class,
                () -> Shamir.combine(List.of(s[0], new byte[3]))).getMessage());
    }
}
