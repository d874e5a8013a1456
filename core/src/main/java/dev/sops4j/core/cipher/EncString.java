package dev.sops4j.core.cipher;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an {@code ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]} string, still base64. Parsing mirrors
 * sops' RE2 expression: anchored at the start, greedy groups, nothing required after the closing bracket.
 */
public record EncString(String data, String iv, String tag, String type) {
    /** Prefix that marks a value as sops-encrypted; anything else is a clear value. */
    public static final String PREFIX = "ENC[";

    private static final Pattern FORMAT =
            Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");

    public static Optional<EncString> parse(String s) {
        Matcher m = FORMAT.matcher(s);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new EncString(m.group(1), m.group(2), m.group(3), m.group(4)));
    }

    public static boolean looksEncrypted(String s) {
        return s.startsWith(PREFIX);
    }

    public static EncString of(byte[] data, byte[] iv, byte[] tag, String type) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new EncString(b64.encodeToString(data), b64.encodeToString(iv), b64.encodeToString(tag), type);
    }

    public String format() {
        return "ENC[AES256_GCM,data:" + data + ",iv:" + iv + ",tag:" + tag + ",type:" + type + "]";
    }
}
