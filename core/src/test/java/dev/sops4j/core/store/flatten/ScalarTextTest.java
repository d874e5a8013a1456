package dev.sops4j.core.store.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.TimeValue;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ScalarTextTest {
    @Test
    void writesScalarsAsGoDoes() {
        assertEquals("-7", ScalarText.of(new IntValue(-7)));
        assertEquals("false", ScalarText.of(new BoolValue(false)));
        assertEquals("<nil>", ScalarText.of(NullValue.INSTANCE));
        assertEquals("2026-01-02T03:04:05Z", ScalarText.of(new TimeValue(OffsetDateTime.parse("2026-01-02T03:04:05.123Z"))));
        assertEquals("2026-01-02T03:04:05+02:00",
                ScalarText.of(new TimeValue(OffsetDateTime.parse("2026-01-02T03:04:05+02:00"))));
    }

    @Test
    void floatsAreShortestWithoutExponent() {
        assertEquals("25.4", ScalarText.goFloat(25.4));
        assertEquals("5", ScalarText.goFloat(5.0));
        assertEquals("1000000000000000000000", ScalarText.goFloat(1e21));
        assertEquals("0.000001", ScalarText.goFloat(1e-6));
        assertEquals("0.1", ScalarText.goFloat(0.1));
        assertEquals("282879384806159000", ScalarText.goFloat(2.82879384806159E17));
        assertEquals("-0", ScalarText.goFloat(-0.0));
        assertEquals("0", ScalarText.goFloat(0.0));
        assertEquals("1234568000", ScalarText.goFloat(1234568000.0));
    }

    @Test
    void goQuoteEscapesLikePercentQ() {
        assertEquals("\"a\\\"b\\\\c\\n\\x01\"", ScalarText.goQuote("a\"b\\c\n\u0001"));
    }
}
