package dev.sops4j.core.cipher;

import dev.sops4j.core.text.AsciiScan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Standard padded base64 (Go's {@code base64.StdEncoding}, as sops writes it) decoded straight from a range of a
 * string into a caller's array, and encoded from a range of an array into one: a 20 MB value is then neither cut
 * out of its {@code ENC[...]} string nor copied to bytes first, and its {@code ENC[...]} string is built once.
 * Only the plain case is decoded here (length a multiple of 4, the standard alphabet, at most two {@code =} at the
 * very end); for anything else {@link #decode} reports failure and the caller takes the
 * {@link java.util.Base64} path, which gives sops' errors. Where both accept, the bytes are the same (a property
 * test holds them side by side). Ranges of 64 KiB and more go through libcrypto when {@link OpenSsl} has loaded it
 * (about five times the speed of this Java under the launcher's C1 compiler), with the same results.
 */
final class Base64Range {
    private static final byte[] LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = new byte[128];
    /** A range this long goes through libcrypto ({@code EVP_EncodeBlock}, {@code EVP_DecodeBlock}) once it is loaded. */
    private static final int NATIVE = 1 << 16;
    /** How many letters one {@code EVP_DecodeBlock} call decodes (a multiple of 4): a slice is copied to bytes. */
    private static final int SLICE = 1 << 16;
    /** A range this long waits for libcrypto if it is being loaded (it saves more than the rest of the load takes). */
    private static final int AWAIT = 1 << 20;

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
        OpenSsl.Bindings b = full >= AWAIT ? OpenSsl.awaitIfStarted() : full >= NATIVE ? OpenSsl.ready() : null;
        if (b != null) {
            // the full quanta through libcrypto, the last one (which may be padded) below
            int end = from + full - 4;
            for (; i < end; i += SLICE) {
                int n = nativeDecode(b, s, i, Math.min(i + SLICE, end), out, o);
                if (n < 0) {
                    return false;
                }
                o += n;
            }
            i = end;
        }
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
        // EVP_EncodeBlock writes a NUL after the letters: only where the array has room for it
        OpenSsl.Bindings b = n < NATIVE || at + encodedLength(n) >= out.length ? null
                : n >= AWAIT ? OpenSsl.awaitIfStarted() : OpenSsl.ready();
        if (b != null) {
            try {
                int written = (int) b.encode().invokeExact(out, (long) at, src, (long) from, n);
                if (written == encodedLength(n)) {
                    return at + written;
                }
            } catch (Throwable e) {
                // the Java encoder below
            }
        }
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

    /**
     * Decodes the letters {@code s[from, to)} (whole unpadded quanta) into {@code out} at {@code at} through
     * libcrypto; the number of bytes written, or -1 for anything but base64 letters. {@code EVP_DecodeBlock} would
     * skip blanks at either end and read {@code =} anywhere as a zero: those are refused here first.
     */
    private static int nativeDecode(OpenSsl.Bindings b, String s, int from, int to, byte[] out, int at) {
        // ISO-8859-1 turns a character above U+00FF into '?', which the decoder refuses
        byte[] letters = s.substring(from, to).getBytes(StandardCharsets.ISO_8859_1);
        int n = letters.length;
        if (value((char) letters[0]) < 0 || value((char) letters[n - 1]) < 0
                || AsciiScan.indexOf(letters, (byte) '=', 0, n) < n) {
            return -1;
        }
        try {
            int written = (int) b.decode().invokeExact(out, (long) at, letters, 0L, n);
            return written == n / 4 * 3 ? written : -1;
        } catch (Throwable e) {
            return -1;
        }
    }

    /**
     * Whether libcrypto's base64 gives this class's bytes and refuses what it refuses (checked once, before
     * libcrypto is used at all).
     */
    static boolean selfCheck(OpenSsl.Bindings b) {
        byte[] raw = new byte[100];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 37 + 11);
        }
        String expected = java.util.Base64.getEncoder().encodeToString(raw);
        byte[] letters = new byte[expected.length() + 1];
        byte[] back = new byte[raw.length];
        try {
            int written = (int) b.encode().invokeExact(letters, 0L, raw, 0L, raw.length);
            if (written != expected.length()
                    || !new String(letters, 0, written, StandardCharsets.ISO_8859_1).equals(expected)) {
                return false;
            }
            String full = expected.substring(0, 96);
            return nativeDecode(b, full, 0, 96, back, 0) == 72
                    && java.util.Arrays.equals(back, 0, 72, raw, 0, 72)
                    && nativeDecode(b, full.substring(0, 92) + "AA=A", 0, 96, back, 0) < 0
                    && nativeDecode(b, full.substring(0, 92) + "AA A", 0, 96, back, 0) < 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** 0-63, or a negative int (which keeps the combined bits negative) for anything else. */
    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }
}
