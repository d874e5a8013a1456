package dev.sops4j.gateway.policy;

import dev.sops4j.core.error.ConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket's shape: {@code burst} requests at once, refilled at {@code perSecond}.
 *
 * @param text the rule's spelling, for explain output
 */
public record RateLimit(double perSecond, int burst, String text) {
    private static final Pattern RATE = Pattern.compile("(\\d+)/(s|m|h)");

    public static RateLimit parse(String where, String rate, Integer burst) {
        Matcher m = RATE.matcher(rate.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ConfigException(where + ": rate '" + rate + "' must look like 60/m (per s, m or h, above 0)");
        }
        long n = Long.parseLong(m.group(1));
        double per = switch (m.group(2)) {
            case "s" -> n;
            case "m" -> n / 60.0;
            default -> n / 3600.0;
        };
        int b = burst == null ? (int) Math.min(n, Integer.MAX_VALUE) : burst;
        if (b < 1) {
            throw new ConfigException(where + ": burst must be at least 1");
        }
        return new RateLimit(per, b, rate + (burst == null ? "" : " burst " + burst));
    }
}
