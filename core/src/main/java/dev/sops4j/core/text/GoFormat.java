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
        // (digits by hand: String.format parses its pattern on every call, a tenth of a millisecond per file in C1)
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(b.append('.'), nanos, digits);
        }
        int off = t.getOffset().getTotalSeconds();
        if (off == 0) {
            b.append('Z');
        } else {
            b.append(off < 0 ? '-' : '+');
            off = Math.abs(off);
            pad(b, off / 3600, 2).append(':');
            pad(b, (off / 60) % 60, 2);
        }
        return b.toString();
    }

    /** {@code %0<width>d} of a value (the sign counts in the width, as with String.format). */
    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(Math.abs(value));
        if (value < 0) {
            b.append('-');
            width--;
        }
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    /** Go's {@code time.Parse(time.RFC3339, s)}: the time, its offset kept. */
    public static OffsetDateTime parseTime(String s) {
        OffsetDateTime quick = parseCommon(s);
        return quick != null ? quick : parseIso(s);
    }

    /** The general parse, for every form {@link #parseCommon} leaves to it. */
    static OffsetDateTime parseIso(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parsing time \"" + s + "\" as RFC 3339 failed", e);
        }
    }

    /**
     * The form sops writes ({@code 2006-01-02T15:04:05Z}, or with a fraction of 1-9 digits, or with a
     * {@code ±hh:mm} offset), read field by field; null for anything else, or any field out of range, which
     * {@link #parseIso} then decides (DateTimeFormatter costs some 60 µs a call in a short-lived JVM, and every
     * file's lastmodified is read twice).
     */
    static OffsetDateTime parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(s, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 17 || om > 59) {
                return null;
            }
            offset = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, ZoneOffset.ofTotalSeconds(offset));
    }

    /** The decimal number of {@code count} ASCII digits at {@code at}, or -1 if any is not a digit. */
    private static int digits(String s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
