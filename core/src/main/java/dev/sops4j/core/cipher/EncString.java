package dev.sops4j.core.cipher;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import dev.sops4j.core.text.GoRegex;

/**
 * The parts of an {@code ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]} string, still base64. Parsing mirrors
 * sops' RE2 expression: anchored at the start, greedy groups, nothing required after the closing bracket.
 */
public record EncString(String data, String iv, String tag, String type) {
    /** Prefix that marks a value as sops-encrypted; anything else is a clear value. */
    public static final String PREFIX = "ENC[";

    /** sops' expression, run by RE2 as Go runs it: a value from a file must not make matching backtrack. */
    private static final GoRegex FORMAT = compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");

    private static final String HEAD = "ENC[AES256_GCM,data:";

    public static Optional<EncString> parse(String s) {
        EncString quick = parseSimple(s);
        return quick != null ? Optional.of(quick) : parseRegex(s);
    }

    /** The reference parse, kept for the strings the quick one declines. */
    static Optional<EncString> parseRegex(String s) {
        return FORMAT.groups(s).map(g -> new EncString(g[1], g[2], g[3], g[4]));
    }

    private static GoRegex compile(String expression) {
        try {
            return GoRegex.compile(expression);
        } catch (GoRegex.Invalid e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The common case without the regex engine (a hot spot for big files): no line terminators (which {@code .}
     * refuses), a closing bracket at the very end, and each separator exactly once, so the greedy match has only
     * one way to split. Returns null when the string is anything else; the regex then decides.
     */
    static EncString parseSimple(String s) {
        int n = s.length();
        if (!s.startsWith(HEAD) || n == 0 || s.charAt(n - 1) != ']') {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null;
            }
        }
        int iv = uniqueIndex(s, ",iv:");
        int tag = uniqueIndex(s, ",tag:");
        int type = uniqueIndex(s, ",type:");
        if (iv <= HEAD.length() || tag <= iv + 4 || type <= tag + 5 || n - 1 <= type + 6) {
            return null;
        }
        return new EncString(s.substring(HEAD.length(), iv), s.substring(iv + 4, tag), s.substring(tag + 5, type),
                s.substring(type + 6, n - 1));
    }

    /**
     * Where the parts of a usual {@code ENC[...]} string start, found without scanning a long data part more than
     * once: {@code iv}, {@code tag} and {@code type} are the indexes of {@code ",iv:"}, {@code ",tag:"} and
     * {@code ",type:"}; the data part is {@code [HEAD.length(), iv)}.
     */
    record Cuts(int iv, int tag, int type) {
        static final int DATA = HEAD.length();
    }

    /**
     * The cuts {@link #parseSimple} would make, found from the short tail alone: valid only when the data part
     * {@code [Cuts.DATA, iv)} turns out to be all base64 letters (then it holds no separator, comma, colon or line
     * end, and the tail decides), which the caller checks as it decodes that part. Null for anything else, which
     * takes the full parse. A long data part is thus read once, by the decoder.
     */
    static Cuts locate(String s) {
        int n = s.length();
        if (!s.startsWith(HEAD) || s.charAt(n - 1) != ']') {
            return null;
        }
        int iv = s.lastIndexOf(",iv:");
        if (iv <= HEAD.length()) {
            return null;
        }
        for (int i = iv; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null;
            }
        }
        int tag = uniqueIndex(s, ",tag:", iv);
        int type = uniqueIndex(s, ",type:", iv);
        // ",iv:" is the last one; in a base64 data part there is no other
        if (tag <= iv + 4 || type <= tag + 5 || n - 1 <= type + 6) {
            return null;
        }
        return new Cuts(iv, tag, type);
    }

    private static int uniqueIndex(String s, String part, int from) {
        int i = s.indexOf(part, from);
        return i >= 0 && s.indexOf(part, i + 1) < 0 ? i : -1;
    }

    private static int uniqueIndex(String s, String part) {
        int i = s.indexOf(part);
        return i >= 0 && s.indexOf(part, i + 1) < 0 ? i : -1;
    }

    public static boolean looksEncrypted(String s) {
        return s.startsWith(PREFIX);
    }

    public static EncString of(byte[] data, byte[] iv, byte[] tag, String type) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new EncString(b64.encodeToString(data), b64.encodeToString(iv), b64.encodeToString(tag), type);
    }

    /**
     * The {@code ENC[...]} string of a sealed value, built in one array: {@code sealed} is the ciphertext followed
     * by its {@code tagLength}-byte tag (what AES-GCM returns). Equal to {@code of(data, iv, tag, type).format()}.
     */
    static String format(byte[] sealed, int tagLength, byte[] iv, String type) {
        int dataLength = sealed.length - tagLength;
        byte[] out = new byte[HEAD.length() + Base64Range.encodedLength(dataLength) + ",iv:".length()
                + Base64Range.encodedLength(iv.length) + ",tag:".length() + Base64Range.encodedLength(tagLength)
                + ",type:".length() + type.length() + 1];
        int o = ascii(HEAD, out, 0);
        o = Base64Range.encode(sealed, 0, dataLength, out, o);
        o = ascii(",iv:", out, o);
        o = Base64Range.encode(iv, 0, iv.length, out, o);
        o = ascii(",tag:", out, o);
        o = Base64Range.encode(sealed, dataLength, tagLength, out, o);
        o = ascii(",type:", out, o);
        o = ascii(type, out, o);
        out[o] = ']';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static int ascii(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            out[at + i] = (byte) s.charAt(i);
        }
        return at + s.length();
    }

    public String format() {
        return "ENC[AES256_GCM,data:" + data + ",iv:" + iv + ",tag:" + tag + ",type:" + type + "]";
    }
}
