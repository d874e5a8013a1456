package dev.sops4j.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {
    @ParameterizedTest
    @CsvSource({
        "25.4, 25.4, 25.4", "5.0, 5, 5", "1e21, 1000000000000000000000, 1e+21", "1234568000, 1234568000, 1.234568e+09",
        "1234567.5, 1234567.5, 1.2345675e+06", "0.000001, 0.000001, 1e-06", "1.8446744073709552e19, 18446744073709552000, 1.8446744073709552e+19",
        "-9.223372036854776e18, -9223372036854776000, -9.223372036854776e+18", "2e23, 200000000000000000000000, 2e+23",
        "100000, 100000, 100000", "1e6, 1000000, 1e+06", "0.0001, 0.0001, 0.0001", "0.00001, 0.00001, 1e-05",
        "-0.5, -0.5, -0.5", "685230.15, 685230.15, 685230.15", "0.75, 0.75, 0.75", "3.14159, 3.14159, 3.14159"
    })
    void formatsLikeGo(double d, String f, String g) {
        assertEquals(f, GoFormat.formatFloatF(d));
        assertEquals(g, GoFormat.formatFloatG(d));
    }

    @org.junit.jupiter.api.Test
    void smallestSubnormalIsOneDigitLikeGo() {
        assertEquals("5e-324", GoFormat.formatFloatG(Double.MIN_VALUE));
        assertEquals("0." + "0".repeat(323) + "5", GoFormat.formatFloatF(Double.MIN_VALUE));
    }

    @org.junit.jupiter.api.Test
    void specials() {
        assertEquals("-0", GoFormat.formatFloatF(-0.0));
        assertEquals("+Inf", GoFormat.formatFloatF(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", GoFormat.formatFloatG(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", GoFormat.formatFloatF(Double.NaN));
    }

    @org.junit.jupiter.api.Test
    void timesLikeGoMarshalText() {
        assertEquals("2001-12-14T00:00:00Z",
                GoFormat.formatTime(OffsetDateTime.of(2001, 12, 14, 0, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals("2001-12-14T21:59:43.1-05:00",
                GoFormat.formatTime(OffsetDateTime.of(2001, 12, 14, 21, 59, 43, 100_000_000, ZoneOffset.ofHours(-5))));
        assertEquals("2001-12-14T21:59:43+05:30",
                GoFormat.formatTime(OffsetDateTime.of(2001, 12, 14, 21, 59, 43, 0, ZoneOffset.ofHoursMinutes(5, 30))));
    }
}
