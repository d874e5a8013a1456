package dev.sops4j.core.cipher;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Standard padded base64 (Go's {@code base64.StdEncoding}, as sops writes it) decoded straight from a range of a
 * string into a caller's array, and encoded from a range of an array into one: a 20 MB value is then neither cut
 * out of its {@code ENC[...]} string nor copied to bytes first, and its {@code ENC[...]} string is built once.
 * Only the plain case is decoded here (length a multiple of 4, the standard alphabet, at most two {@code =} at the
 * very end); for anything else {@link #decode} reports failure and the caller takes the
 * {@link java.util.Base64} path, which gives sops' errors. Where both accept, the bytes are the same (a property
 * test holds them side by side).
 */
final class Base64Range {
    private static final byte[] LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < LETTERS.length; i++) {
            VALUES[LETTERS[i]] = (byte) i;
        }
    }

    private Base64Range() {
    }

    /** The decoded length of {@code s[from, to)}, or -1 when its length or padding is not the plain case. */
    static int decodedLength(String s, int from, int to) {
        int n = to - from;
        if (n < 0 || n % 4 != 0) {
            return -1;
        }
        if (n == 0) {
            return 0;
        }
        int pad = s.charAt(to - 1) != '=' ? 0 : s.charAt(to - 2) != '=' ? 1 : 2;
        return n / 4 * 3 - pad;
    }

    /**
     * Decodes {@code s[from, to)} into {@code out} at {@code at} ({@link #decodedLength} bytes); false, with
     * {@code out} partly written, when a character is outside the alphabet or padding stands anywhere but at the end.
     */
    static boolean decode(String s, int from, int to, byte[] out, int at) {
        int length = decodedLength(s, from, to);
        if (length < 0) {
            return false;
        }
        int full = length / 3 * 4;
        int o = at;
        int i = from;
        for (int end = from + full; i < end; i += 4) {
            int bits = value(s.charAt(i)) << 18 | value(s.charAt(i + 1)) << 12 | value(s.charAt(i + 2)) << 6
                    | value(s.charAt(i + 3));
            if (bits < 0) {
                return false;
            }
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
        }
        int rest = length % 3;
        if (rest == 0) {
            return true;
        }
        // the last quantum: "xx==" gives one byte, "xxx=" two
        int bits = value(s.charAt(i)) << 18 | value(s.charAt(i + 1)) << 12
                | (rest == 2 ? value(s.charAt(i + 2)) << 6 : 0);
        if (bits < 0) {
            return false;
        }
        out[o++] = (byte) (bits >> 16);
        if (rest == 2) {
            out[o] = (byte) (bits >> 8);
        }
        return true;
    }

    /** The length of the padded encoding of {@code n} bytes. */
    static int encodedLength(int n) {
        return (n + 2) / 3 * 4;
    }

    /**
     * Encodes {@code src[from, from + n)} into {@code out} at {@code at} as ASCII bytes ({@link #encodedLength}
     * of them), exactly as {@link java.util.Base64#getEncoder()} would; returns the index after the last one.
     */
    static int encode(byte[] src, int from, int n, byte[] out, int at) {
        int o = at;
        int i = from;
        for (int end = from + n / 3 * 3; i < end; i += 3) {
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | src[i + 2] & 0xFF;
            out[o++] = LETTERS[bits >>> 18];
            out[o++] = LETTERS[bits >>> 12 & 0x3F];
            out[o++] = LETTERS[bits >>> 6 & 0x3F];
            out[o++] = LETTERS[bits & 0x3F];
        }
        int rest = from + n - i;
        if (rest > 0) {
            int bits = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            out[o++] = LETTERS[bits >>> 18];
            out[o++] = LETTERS[bits >>> 12 & 0x3F];
            out[o++] = rest == 2 ? LETTERS[bits >>> 6 & 0x3F] : (byte) '=';
            out[o++] = '=';
        }
        return o;
    }

    /** 0-63, or a negative int (which keeps the combined bits negative) for anything else. */
    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }
}
