package dev.sops4j.core.cipher;

import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.text.Utf8;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * A scalar as sops serialises it before encryption (and into the MAC): the {@code type:} tag and the plaintext
 * bytes, Go style ({@code True}/{@code False}, shortest non-exponent floats, RFC 3339 nano times).
 */
public record PlainText(String type, byte[] bytes) {

    public static PlainText of(Scalar value) {
        if (value instanceof StrValue s) {
            return new PlainText("str", s.value().getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof BytesValue b) {
            return new PlainText("str", b.shared()); // read only, by the cipher and the MAC
        } else if (value instanceof IntValue i) {
            return ascii("int", Long.toString(i.value()));
        } else if (value instanceof FloatValue f) {
            return ascii("float", GoFormat.formatFloatF(f.value()));
        } else if (value instanceof BoolValue b) {
            return ascii("bool", b.value() ? "True" : "False");
        } else if (value instanceof TimeValue t) {
            return ascii("time", GoFormat.formatTime(t.value()));
        }
        throw new IllegalArgumentException("null values are never encrypted");
    }

    /** The bytes the MAC hashes for a value (sops' {@code ToBytes}). */
    public static byte[] macBytes(Scalar value) {
        return of(value).bytes();
    }

    /** Hashes {@link #macBytes} into {@code digest}; raw bytes go in without a copy. */
    public static void updateMac(MessageDigest digest, Scalar value) {
        if (value instanceof BytesValue b) {
            digest.update(b.shared());
        } else {
            digest.update(macBytes(value));
        }
    }

    private static PlainText ascii(String type, String text) {
        return new PlainText(type, text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Parses decrypted bytes by type tag as sops' cipher does. Throws {@link IllegalArgumentException} with a
     * message free of plaintext when the bytes do not fit the type.
     */
    public Scalar toScalar() {
        switch (type) {
            case "str":
                return utf8(bytes).<Scalar>map(StrValue::new).orElseGet(() -> BytesValue.adopt(bytes));
            case "int":
                try {
                    return new IntValue(Long.parseLong(text()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("plaintext of type int is not an integer");
                }
            case "float":
                return new FloatValue(parseGoFloat(text()));
            case "bool":
                try {
                    return new BoolValue(GoFormat.parseBool(text()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("plaintext of type bool is not a boolean");
                }
            case "time":
                try {
                    return new TimeValue(GoFormat.parseTime(text()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("plaintext of type time is not an RFC 3339 time");
                }
            default:
                throw new IllegalArgumentException("unknown type tag '" + type + "'");
        }
    }

    private String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Optional<String> utf8(byte[] b) {
        return Utf8.isValid(b) ? Optional.of(new String(b, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** {@code strconv.ParseFloat(s, 64)} for the forms sops writes, plus Go's spellings of infinities and NaN. */
    static double parseGoFloat(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                break;
        }
        if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw new IllegalArgumentException("plaintext of type float is not a number");
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("plaintext of type float is out of range");
        }
        return d;
    }
}
