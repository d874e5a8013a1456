package dev.sops4j.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link GoFormat#parseCommon}, the field-by-field reading of the timestamps sops writes, against the JDK's ISO
 * parser it stands in for: whatever it accepts, the JDK reads the same; whatever it declines, the JDK decides.
 * And {@link GoFormat#formatTime} against the {@code String.format} spelling it replaced.
 */
class GoTimeProperties {

    /** Timestamps near the common form: each field now and then out of range, a fraction of 0-11 digits, odd offsets. */
    @Provide
    Arbitrary<String> stamps() {
        Arbitrary<String> year = Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y));
        Arbitrary<String> two = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.integers().between(0, 31).map(v -> String.format("%02d", v))),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("0123456789xZ:+-.").ofLength(2)));
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMaxLength(11)
                .map(f -> f.isEmpty() ? "" : "." + f);
        Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.of("Z", "z", "+00:00", "-00:00", "+18:00", "+05:30:15",
                "+0530", ""), Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 19),
                Arbitraries.integers().between(0, 61)).as((sign, h, m) -> String.format("%s%02d:%02d", sign, h, m)));
        Arbitrary<String> sep = Arbitraries.of("T", "T", "T", "t", " ");
        return Combinators.combine(year, two, two, sep, two, two, two, fraction).as(
                (y, mo, d, t, h, mi, s, f) -> y + "-" + mo + "-" + d + t + h + ":" + mi + ":" + s + f)
                .flatMap(head -> offset.map(o -> head + o));
    }

    @Property(tries = 3000)
    void theQuickReadingAgreesWithTheJdk(@ForAll("stamps") String s) {
        OffsetDateTime quick = GoFormat.parseCommon(s);
        if (quick == null) {
            return;
        }
        OffsetDateTime iso = GoFormat.parseIso(s);
        assertEquals(iso, quick);
        assertEquals(iso.getOffset(), quick.getOffset());
    }

    @Property(tries = 3000)
    void formatsAsStringFormatDid(@ForAll("stamps") String s) {
        OffsetDateTime t;
        try {
            t = GoFormat.parseIso(s);
        } catch (IllegalArgumentException notATime) {
            return;
        }
        assertEquals(oldFormat(t), GoFormat.formatTime(t));
    }

    @Example
    void takesWhatSopsWritesAndLeavesTheRest() {
        assertNotNull(GoFormat.parseCommon("2024-05-01T10:11:12Z"));
        assertNotNull(GoFormat.parseCommon("2024-05-01T10:11:12.123456789+05:30"));
        assertNull(GoFormat.parseCommon("2024-02-30T10:11:12Z"), "day 29-31: the JDK checks the month");
        assertNull(GoFormat.parseCommon("2024-05-01t10:11:12Z"));
        assertNull(GoFormat.parseCommon("2024-05-01T10:11:12.1234567891Z"));
        assertEquals("parsing time \"2024-02-30T10:11:12Z\" as RFC 3339 failed",
                assertThrows(IllegalArgumentException.class, () -> GoFormat.parseTime("2024-02-30T10:11:12Z")).getMessage());
        assertEquals("2024-02-29T10:11:12Z", GoFormat.formatTime(GoFormat.parseTime("2024-02-29T10:11:12Z")));
        assertEquals("0005-01-02T03:04:05.00006-01:30", GoFormat.formatTime(
                OffsetDateTime.of(5, 1, 2, 3, 4, 5, 60_000, ZoneOffset.ofHoursMinutes(-1, -30))));
    }

    /** The spelling before: String.format for every field. */
    private static String oldFormat(OffsetDateTime t) {
        StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        if (t.getNano() != 0) {
            b.append('.').append(String.format("%09d", t.getNano()).replaceAll("0+$", ""));
        }
        int off = t.getOffset().getTotalSeconds();
        if (off == 0) {
            return b.append('Z').toString();
        }
        int abs = Math.abs(off);
        return b.append(off < 0 ? '-' : '+').append(String.format("%02d:%02d", abs / 3600, (abs / 60) % 60)).toString();
    }
}
