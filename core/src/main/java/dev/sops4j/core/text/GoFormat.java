package dev.sops4j.core.text;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Go's text forms of scalars, which sops writes into plaintexts (and so into MACs) and yaml.v3 writes into output.
 * JDK 17's {@code Double.toString} is not shortest-round-trip; Schubfach (shipped in jackson-core) is, except that
 * it always yields at least two digits, which {@link #shortest} corrects.
 */
public final class GoFormat {
    private GoFormat() {
    }

    /** Shortest round-trip decimal of a finite double: unscaled digits and the power of ten of the last digit. */
    public static BigDecimal shortest(double d) {
        BigDecimal two = new BigDecimal(DoubleToDecimal.toString(Math.abs(d))).stripTrailingZeros();
        if (two.precision() == 2) {
            BigDecimal exact = new BigDecimal(Math.abs(d));
            BigDecimal best = null;
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal c = two.round(new java.math.MathContext(1, mode));
                if (c.signum() != 0 && c.doubleValue() == Math.abs(d)
                        && (best == null || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = c;
                }
            }
            if (best != null) {
                two = best.stripTrailingZeros();
            }
        }
        return d < 0 || (d == 0 && 1 / d < 0) ? two.negate() : two;
    }

    /** {@code strconv.FormatFloat(f, 'f', -1, 64)}: shortest digits, never an exponent. */
    public static String formatFloatF(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        return shortest(d).toPlainString();
    }

    /** {@code strconv.FormatFloat(f, 'g', -1, 64)}: exponent form when the exponent is below -4 or at least 6. */
    public static String formatFloatG(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
            return formatFloatF(d);
        }
        BigDecimal s = shortest(d);
        int exp = s.precision() - s.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String digits = s.unscaledValue().abs().toString();
            StringBuilder b = new StringBuilder();
            if (s.signum() < 0) {
                b.append('-');
            }
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e < 10) {
                b.append('0');
            }
            return b.append(e).toString();
        }
        return s.toPlainString();
    }

    /** Go's {@code time.Time.MarshalText}: RFC 3339 with nanoseconds, trailing zeros trimmed, {@code Z} for UTC. */
    public static String formatTime(OffsetDateTime t) {
        StringBuilder b = new StringBuilder(35);
        b.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(frac, 0, end);
        }
        int off = t.getOffset().getTotalSeconds();
        if (off == 0) {
            b.append('Z');
        } else {
            b.append(off < 0 ? '-' : '+');
            off = Math.abs(off);
            b.append(String.format("%02d:%02d", off / 3600, (off / 60) % 60));
        }
        return b.toString();
    }

    /** Go's {@code time.Time.UnmarshalText} (RFC 3339, optional fraction). */
    public static OffsetDateTime parseTime(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parsing time \"" + s + "\" as RFC 3339 failed", e);
        }
    }

    /** {@code time.Time.Format(time.RFC3339)}: seconds precision, {@code Z} for UTC. */
    public static String formatRfc3339(OffsetDateTime t) {
        return formatTime(t.withNano(0));
    }

    /** Now, as sops writes {@code lastmodified} and {@code created_at}. */
    public static String nowRfc3339(java.time.Clock clock) {
        return formatRfc3339(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** {@code strconv.ParseBool}. */
    public static boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
        };
    }
}
