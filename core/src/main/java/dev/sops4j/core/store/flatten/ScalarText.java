package dev.sops4j.core.store.flatten;

import dev.sops4j.core.text.Utf8;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * How the text-only stores (dotenv, INI, flattened metadata) write a scalar that is not a string: the rules of
 * sops' {@code stores.ValToString} (ints decimal, bools {@code true}/{@code false}, floats without exponent,
 * times as RFC 3339). Stateless helpers.
 */
public final class ScalarText {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private ScalarText() {
    }

    /** The text of a scalar as sops' text stores write it. */
    public static String of(Scalar value) {
        if (value instanceof StrValue s) {
            return s.value();
        }
        if (value instanceof IntValue i) {
            return Long.toString(i.value());
        }
        if (value instanceof BoolValue b) {
            return b.value() ? "true" : "false";
        }
        if (value instanceof FloatValue f) {
            return goFloat(f.value());
        }
        if (value instanceof TimeValue t) {
            // Go formats a time.Time with time.RFC3339: no fractional seconds, Z for UTC
            return RFC3339.format(t.value());
        }
        if (value instanceof BytesValue b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        }
        // NullValue: Go's fmt prints a nil interface this way and sops has no special case for it
        return "<nil>";
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
    public static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        // JDK 17's Double.toString is not always the shortest round-trip form, so search it digit by digit
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == v) {
                return rounded.stripTrailingZeros().toPlainString();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString();
    }

    /** True when the bytes are well-formed UTF-8 (what Go's {@code utf8.Valid} accepts). */
    public static boolean isUtf8(byte[] bytes) {
        return Utf8.isValid(bytes);
    }

    /** A string value for raw bytes: {@link StrValue} when they are UTF-8, else {@link BytesValue}. */
    public static Scalar fromBytes(byte[] bytes) {
        return isUtf8(bytes) ? new StrValue(new String(bytes, StandardCharsets.UTF_8)) : new BytesValue(bytes);
    }

    /** {@link #fromBytes} for bytes handed over: a {@link BytesValue} keeps them without a copy. */
    public static Scalar fromOwnedBytes(byte[] owned) {
        return isUtf8(owned) ? new StrValue(new String(owned, StandardCharsets.UTF_8)) : BytesValue.adopt(owned);
    }

    /** Go's {@code %q} for the plain keys sops quotes in messages: backslash and quote escaped, controls as \xNN. */
    public static String goQuote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
