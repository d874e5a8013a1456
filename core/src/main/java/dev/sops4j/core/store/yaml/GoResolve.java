package dev.sops4j.core.store.yaml;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * yaml.v3's scalar typing (spec §5.5.2), which differs from YAML 1.1 and 1.2 in many corners: {@code yes} is a
 * string, {@code 0755} is octal, {@code 08} is a float, timestamps are times, and integers beyond int64 are uint64.
 */
final class GoResolve {
    private GoResolve() {
    }

    private static final String HINTED_FIRST = "-+0123456789.yYnNtTfFoO~";
    private static final Pattern DOT_FLOAT =
            Pattern.compile("\\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
                    + "(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]{1,9}))?(Z|[-+][0-9]{2}:[0-9]{2})"
                    + "| +([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]{1,9}))?)?");
    private static final Pattern INT_SIGNED =
            Pattern.compile("[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)");
    private static final Pattern INT_UNSIGNED =
            Pattern.compile("(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)");
    private static final Pattern FLOAT =
            Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern QUIRK_INT = Pattern.compile("0b[-+][01]+|0o[-+][0-7]+");
    private static final Pattern BASE60_FLOAT =
            Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
    private static final Set<String> OLD_BOOLS = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "off", "Off", "OFF");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Types an untagged plain scalar. */
    static GoScalar plain(String s) {
        return resolve("", s);
    }

    /**
     * Types a scalar carrying an explicit resolvable tag ({@code !!int}, {@code !!float}, {@code !!bool},
     * {@code !!null}, {@code !!timestamp}), failing as yaml.v3 does when the text is of another kind.
     */
    static GoScalar tagged(String shortTag, String s) {
        GoScalar r = resolve(shortTag, s);
        String rtag = r.shortTag();
        if (rtag.equals(shortTag)) {
            return r;
        }
        if (shortTag.equals("!!float") && r instanceof GoScalar.Int i) {
            return new GoScalar.Float(i.value());
        }
        throw new YamlProblem("yaml: cannot decode " + rtag + " `" + s + "` as a " + shortTag);
    }

    /** {@code !!binary}: standard base64, line breaks ignored. */
    static GoScalar binary(String s) {
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && c != '\r') {
                clean.append(c);
            }
        }
        try {
            return new GoScalar.Binary(Base64.getDecoder().decode(clean.toString()));
        } catch (IllegalArgumentException e) {
            throw new YamlProblem("yaml: !!binary value contains invalid base64 data");
        }
    }

    static boolean isResolvableTag(String shortTag) {
        return switch (shortTag) {
            case "!!int", "!!float", "!!bool", "!!null", "!!timestamp" -> true;
            default -> false;
        };
    }

    /** encode.go {@code isBase60Float}: strings yaml.v3 quotes because YAML 1.1 would read them as numbers. */
    static boolean isBase60Float(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.indexOf(':') < 0) {
            return false;
        }
        return BASE60_FLOAT.matcher(s).matches();
    }

    /** encode.go {@code isOldBool}: YAML 1.1 booleans that yaml.v3 reads as strings but quotes on output. */
    static boolean isOldBool(String s) {
        return OLD_BOOLS.contains(s);
    }

    private static GoScalar resolve(String tag, String s) {
        if (!s.isEmpty() && HINTED_FIRST.indexOf(s.charAt(0)) < 0) {
            return new GoScalar.Str(s);
        }
        switch (s) {
            case "true", "True", "TRUE":
                return new GoScalar.Bool(true);
            case "false", "False", "FALSE":
                return new GoScalar.Bool(false);
            case "", "~", "null", "Null", "NULL":
                return new GoScalar.Null();
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return new GoScalar.Float(Double.POSITIVE_INFINITY);
            case "-.inf", "-.Inf", "-.INF":
                return new GoScalar.Float(Double.NEGATIVE_INFINITY);
            case ".nan", ".NaN", ".NAN":
                return new GoScalar.Float(Double.NaN);
            default:
                break;
        }
        char c = s.charAt(0);
        if ("yYnNtTfFoO~".indexOf(c) >= 0) {
            return new GoScalar.Str(s);
        }
        if (c == '.') {
            if (DOT_FLOAT.matcher(s).matches()) {
                double d = Double.parseDouble(s.replace("_", ""));
                if (!Double.isInfinite(d)) {
                    return new GoScalar.Float(d);
                }
            }
            return new GoScalar.Str(s);
        }
        if (tag.isEmpty() || tag.equals("!!timestamp")) {
            OffsetDateTime t = timestamp(s);
            if (t != null) {
                return new GoScalar.Time(t);
            }
        }
        String p = s.replace("_", "");
        if (INT_SIGNED.matcher(p).matches()) {
            BigInteger v = parseInteger(p);
            if (v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0) {
                return new GoScalar.Int(v.longValueExact());
            }
        }
        if (INT_UNSIGNED.matcher(p).matches()) {
            BigInteger v = parseInteger(p);
            if (v.compareTo(UINT64_MAX) <= 0) {
                return new GoScalar.Uint(v);
            }
        }
        if (FLOAT.matcher(p).matches()) {
            double d = Double.parseDouble(p);
            if (!Double.isInfinite(d)) {
                return new GoScalar.Float(d);
            }
        }
        if (QUIRK_INT.matcher(p).matches()) {
            int radix = p.charAt(1) == 'b' ? 2 : 8;
            BigInteger v = new BigInteger(p.substring(3), radix);
            if (p.charAt(2) == '-') {
                v = v.negate();
            }
            if (v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0) {
                return new GoScalar.Int(v.longValueExact());
            }
        }
        return new GoScalar.Str(s);
    }

    /** Go's {@code ParseInt(s, 0, 64)} digits: sign, then 0b/0o/0x prefix, a leading 0 for octal, else decimal. */
    private static BigInteger parseInteger(String p) {
        boolean neg = false;
        int i = 0;
        if (p.charAt(0) == '+' || p.charAt(0) == '-') {
            neg = p.charAt(0) == '-';
            i = 1;
        }
        String body = p.substring(i);
        BigInteger v;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char k = Character.toLowerCase(body.charAt(1));
            if (k == 'b') {
                v = new BigInteger(body.substring(2), 2);
            } else if (k == 'o') {
                v = new BigInteger(body.substring(2), 8);
            } else if (k == 'x') {
                v = new BigInteger(body.substring(2), 16);
            } else {
                v = new BigInteger(body.substring(1), 8);
            }
        } else {
            v = new BigInteger(body);
        }
        return neg ? v.negate() : v;
    }

    /** yaml.v3's accepted timestamp forms; null when the text is not one (including impossible dates). */
    static OffsetDateTime timestamp(String s) {
        if (s.isEmpty() || s.charAt(0) < '0' || s.charAt(0) > '9') {
            return null;
        }
        Matcher m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        String frac = null;
        int offsetSeconds = 0;
        if (m.group(4) != null) {
            hour = Integer.parseInt(m.group(4));
            minute = Integer.parseInt(m.group(5));
            second = Integer.parseInt(m.group(6));
            frac = m.group(7);
            String zone = m.group(8);
            if (!zone.equals("Z")) {
                int zh = Integer.parseInt(zone.substring(1, 3));
                int zm = Integer.parseInt(zone.substring(4, 6));
                if (zh > 24 || zm > 60) {
                    return null;
                }
                offsetSeconds = (zh * 3600 + zm * 60) * (zone.charAt(0) == '-' ? -1 : 1);
            }
        } else if (m.group(9) != null) {
            hour = Integer.parseInt(m.group(9));
            minute = Integer.parseInt(m.group(10));
            second = Integer.parseInt(m.group(11));
            frac = m.group(12);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (frac != null) {
            nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
        }
        if (Math.abs(offsetSeconds) > 18 * 3600) {
            throw new YamlProblem("yaml: cannot represent time zone offset of `" + s + "`");
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nanos,
                ZoneOffset.ofTotalSeconds(offsetSeconds));
    }
}
