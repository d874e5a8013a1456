package dev.sops4j.core.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the first byte of interest in a long run of plain ASCII, eight bytes at a time: a binary file's
 * {@code ENC[...]} value is 27 MB of base64 that the JSON store reads and writes, and a loop over single bytes
 * runs at about 1.7 GB/s under the launcher's C1 compiler (a 64-bit word at a time: some 8 GB/s). A word that
 * may hold such a byte is searched byte by byte, so the answer is always exact.
 */
public final class AsciiScan {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long BELOW_SPACE = 0x20 * ONES;
    private static final long QUOTE = '"' * ONES;
    private static final long BACKSLASH = '\\' * ONES;
    private static final long LESS = '<' * ONES;
    private static final long GREATER = '>' * ONES;
    private static final long AMPERSAND = '&' * ONES;

    private AsciiScan() {
    }

    /** The index of the first byte in {@code a[from, to)} that is not ASCII (0x80 and up), or {@code to}. */
    public static int firstNonAscii(byte[] a, int from, int to) {
        int i = from;
        for (int end = to - 7; i < end; i += 8) {
            if (((long) WORDS.get(a, i) & HIGH) != 0) {
                break;
            }
        }
        for (; i < to; i++) {
            if (a[i] < 0) {
                return i;
            }
        }
        return to;
    }

    /**
     * The index of the first byte in {@code a[from, to)} that a JSON string cannot hold as it is: a control
     * character, a byte of 0x80 and up, the quote or the backslash, and with {@code html} also {@code <}, {@code >}
     * and {@code &} (Go's HTML-safe escaping); or {@code to}.
     */
    public static int firstJsonSpecial(byte[] a, int from, int to, boolean html) {
        int i = from;
        while (i < to) {
            int end = to - 7;
            for (; i < end; i += 8) {
                long w = (long) WORDS.get(a, i);
                long hits = w | (w - BELOW_SPACE) | zeroByte(w ^ QUOTE) | zeroByte(w ^ BACKSLASH);
                if (html) {
                    hits |= zeroByte(w ^ LESS) | zeroByte(w ^ GREATER) | zeroByte(w ^ AMPERSAND);
                }
                if ((hits & HIGH) != 0) {
                    break;
                }
            }
            // this word (or the tail): byte by byte; a word that only looked suspicious lets the scan go on
            for (int stop = Math.min(i + 8, to); i < stop; i++) {
                if (special(a[i], html)) {
                    return i;
                }
            }
        }
        return to;
    }

    /** The index of the first {@code b} in {@code a[from, to)}, or {@code to}. */
    public static int indexOf(byte[] a, byte b, int from, int to) {
        long pattern = (b & 0xFFL) * ONES;
        int i = from;
        for (int end = to - 7; i < end; i += 8) {
            if ((zeroByte((long) WORDS.get(a, i) ^ pattern) & HIGH) != 0) {
                break;
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** High bit set in each byte of the result where {@code w} may have a zero byte (exact: none when none). */
    private static long zeroByte(long w) {
        return (w - ONES) & ~w;
    }

    private static boolean special(byte b, boolean html) {
        return b < 0x20 || b == '"' || b == '\\' || html && (b == '<' || b == '>' || b == '&');
    }
}
