package dev.sops4j.cli.ops;

import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/** Scalars as Go's {@code fmt} prints them ({@code %v}): how sops turns values into environment variables. */
public final class GoValues {
    private GoValues() {
    }

    public static String format(Scalar s) {
        if (s instanceof StrValue v) {
            return v.value();
        } else if (s instanceof IntValue v) {
            return Long.toString(v.value());
        } else if (s instanceof BoolValue v) {
            return Boolean.toString(v.value());
        } else if (s instanceof FloatValue v) {
            return formatFloat(v.value());
        } else if (s instanceof TimeValue v) {
            return v.value().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } else if (s instanceof BytesValue v) {
            return new String(v.value(), StandardCharsets.UTF_8);
        }
        return "";
    }

    /** Go's {@code %v} for float64: shortest digits, exponent form below 1e-4 and from 1e21. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = b.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            sb.append(ae < 10 ? "0" + ae : Integer.toString(ae));
            return sb.toString();
        }
        return b.toPlainString();
    }
}
