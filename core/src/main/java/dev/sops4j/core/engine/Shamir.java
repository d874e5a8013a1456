package dev.sops4j.core.engine;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir secret sharing over GF(2^8) with the AES polynomial (0x11B), laid out as sops does: a share is the
 * y-bytes for every secret byte followed by one x byte, and share i has x = i + 1.
 */
final class Shamir {
    private Shamir() {
    }

    static byte[][] split(byte[] secret, int parts, int threshold, SecureRandom random) {
        if (parts < threshold) {
            throw new IllegalArgumentException("parts cannot be less than threshold");
        }
        if (parts > 255) {
            throw new IllegalArgumentException("parts cannot exceed 255");
        }
        if (threshold < 2 || threshold > 255) {
            throw new IllegalArgumentException("threshold must be between 2 and 255");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("cannot split an empty secret");
        }
        byte[][] shares = new byte[parts][secret.length + 1];
        for (int i = 0; i < parts; i++) {
            shares[i][secret.length] = (byte) (i + 1);
        }
        int[] coefficients = new int[threshold];
        byte[] rnd = new byte[threshold - 1];
        for (int b = 0; b < secret.length; b++) {
            coefficients[0] = secret[b] & 0xFF;
            random.nextBytes(rnd);
            for (int k = 1; k < threshold; k++) {
                coefficients[k] = rnd[k - 1] & 0xFF;
            }
            for (int i = 0; i < parts; i++) {
                shares[i][b] = (byte) evaluate(coefficients, i + 1);
            }
        }
        Arrays.fill(coefficients, 0);
        Arrays.fill(rnd, (byte) 0);
        return shares;
    }

    static byte[] combine(List<byte[]> shares) {
        if (shares.size() < 2) {
            throw new IllegalArgumentException("less than two parts cannot be used to reconstruct the secret");
        }
        int len = shares.get(0).length;
        if (len < 2) {
            throw new IllegalArgumentException("parts must be at least two bytes");
        }
        Set<Integer> xs = new HashSet<>();
        int[] x = new int[shares.size()];
        for (int i = 0; i < shares.size(); i++) {
            byte[] s = shares.get(i);
            if (s.length != len) {
                throw new IllegalArgumentException("all parts must be the same length");
            }
            x[i] = s[len - 1] & 0xFF;
            if (!xs.add(x[i])) {
                throw new IllegalArgumentException("duplicate part detected");
            }
        }
        byte[] secret = new byte[len - 1];
        for (int b = 0; b < len - 1; b++) {
            int acc = 0;
            for (int i = 0; i < x.length; i++) {
                // Lagrange basis polynomial i evaluated at 0; subtraction is XOR in GF(2^8).
                int basis = 1;
                for (int j = 0; j < x.length; j++) {
                    if (i != j) {
                        basis = mul(basis, div(x[j], x[i] ^ x[j]));
                    }
                }
                acc ^= mul(shares.get(i)[b] & 0xFF, basis);
            }
            secret[b] = (byte) acc;
        }
        return secret;
    }

    private static int evaluate(int[] coefficients, int x) {
        int acc = 0;
        for (int k = coefficients.length - 1; k >= 0; k--) {
            acc = mul(acc, x) ^ coefficients[k];
        }
        return acc;
    }

    static int mul(int a, int b) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11B;
            }
            b >>= 1;
        }
        return r;
    }

    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("zero has no inverse in GF(2^8)");
        }
        // a^254 = a^-1 because the multiplicative group has order 255.
        int r = 1;
        int base = a;
        int e = 254;
        while (e > 0) {
            if ((e & 1) != 0) {
                r = mul(r, base);
            }
            base = mul(base, base);
            e >>= 1;
        }
        return r;
    }

    static int div(int a, int b) {
        return mul(a, inverse(b));
    }
}
