package dev.sops4j.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.StrValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoValuesTest {
    @ParameterizedTest
    @CsvSource({"0.75,0.75", "6000,6000", "1e21,1e+21", "1e20,100000000000000000000", "0.0001,0.0001",
        "0.00001,1e-05", "-2.5,-2.5", "123456789.125,123456789.125", "1.5e-7,1.5e-07"})
    void floatsPrintLikeGoPercentV(double d, String expected) {
        assertEquals(expected, GoValues.formatFloat(d));
    }

    @Test
    void otherScalars() {
        assertEquals("true", GoValues.format(new BoolValue(true)));
        assertEquals("-3", GoValues.format(new IntValue(-3)));
        assertEquals("a=b", GoValues.format(new StrValue("a=b")));
        assertEquals("", GoValues.format(NullValue.INSTANCE));
        assertEquals("0", GoValues.format(new FloatValue(0.0)));
    }
}
