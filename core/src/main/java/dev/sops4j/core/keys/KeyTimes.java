package dev.sops4j.core.keys;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The {@code created_at} of a master key entry as sops writes it: RFC 3339 in UTC, whole seconds. */
public final class KeyTimes {
    private KeyTimes() {
    }

    public static String createdNow(Clock clock) {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
