package dev.sops4j.core.keys.age;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * BIP 173 Bech32 as age uses it: no overall length limit (post-quantum keys run to ~2000 characters, which jagged's
 * codec cannot hold), all-lower or all-upper case, the separator being the last {@code 1}.
 */
public final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded string: the human-readable part as written (case kept) and the 8-bit data. */
    public record Decoded(String hrp, byte[] data) {
    }

    private Bech32() {
    }

    /** Encodes in lower case; the caller upper-cases identities. */
    public static String encode(String hrp, byte[] data) {
        String lowerHrp = hrp.toLowerCase(Locale.ROOT);
        byte[] values = convert(data, 8, 5, true);
        byte[] checksum = checksum(lowerHrp, values);
        StringBuilder sb = new StringBuilder(lowerHrp.length() + 1 + values.length + 6).append(lowerHrp).append('1');
        for (byte v : values) {
            sb.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            sb.append(CHARSET.charAt(v));
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException with a one-line reason that never echoes the input */
    public static Decoded decode(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (!s.equals(lower) && !s.equals(s.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("mixed case");
        }
        int sep = lower.lastIndexOf('1');
        if (sep < 1 || sep + 7 > lower.length()) {
            throw new IllegalArgumentException("invalid separator position");
        }
        String hrp = lower.substring(0, sep);
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("invalid character in human-readable part");
            }
        }
        byte[] values = new byte[lower.length() - sep - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(lower.charAt(sep + 1 + i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid character in data part");
            }
            values[i] = (byte) v;
        }
        if (polymod(expand(hrp), values) != 1) {
            throw new IllegalArgumentException("invalid checksum");
        }
        byte[] payload = java.util.Arrays.copyOf(values, values.length - 6);
        return new Decoded(s.substring(0, sep), convert(payload, 5, 8, false));
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] padded = java.util.Arrays.copyOf(values, values.length + 6);
        int mod = polymod(expand(hrp), padded) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expand(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static int polymod(byte[] head, byte[] tail) {
        int chk = 1;
        for (byte[] part : new byte[][] {head, tail}) {
            for (byte v : part) {
                int top = chk >>> 25;
                chk = ((chk & 0x1ffffff) << 5) ^ v;
                for (int i = 0; i < 5; i++) {
                    if (((top >>> i) & 1) != 0) {
                        chk ^= GENERATOR[i];
                    }
                }
            }
        }
        return chk;
    }

    private static byte[] convert(byte[] data, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int max = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * from / to + 1);
        for (byte b : data) {
            acc = (acc << from) | (b & 0xff);
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & max);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & max);
            }
        } else if (bits >= from || ((acc << (to - bits)) & max) != 0) {
            throw new IllegalArgumentException("invalid padding");
        }
        return out.toByteArray();
    }
}
