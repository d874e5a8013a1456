package dev.sops4j.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
    @Test
    void aBareNumberIsAFloatAsInGosEncodingJson() {
        assertEquals(new FloatValue(6000), JsonValues.parse("6000"));
        assertEquals(new FloatValue(0.5), JsonValues.parse("0.5"));
    }

    @Test
    void numbersInsideContainersKeepIntegerType() {
        assertEquals(Mapping.of(new Pair("n", new IntValue(5)), new Pair("f", new FloatValue(1.5)),
                new Pair("l", Sequence.of(new IntValue(1), new StrValue("x"), NullValue.INSTANCE, new BoolValue(true)))),
                JsonValues.parse("{\"n\": 5, \"f\": 1.5, \"l\": [1, \"x\", null, true]}"));
    }

    @Test
    void keyOrderIsKept() {
        Mapping m = (Mapping) JsonValues.parse("{\"z\": 1, \"a\": 2}");
        assertEquals("z", m.pairs().get(0).key());
    }

    @Test
    void scalars() {
        assertEquals(new StrValue("a\nb"), JsonValues.parse("\"a\\nb\""));
        assertEquals(new BoolValue(false), JsonValues.parse("false"));
        assertEquals(NullValue.INSTANCE, JsonValues.parse("null"));
    }

    @Test
    void invalidJsonIsExit7OnOneLine() {
        for (String bad : new String[] {"unquoted", "", "{\"a\": }", "1 2"}) {
            UsageException e = assertThrows(UsageException.class, () -> JsonValues.parse(bad));
            assertEquals(ExitCode.INVALID_SET_FORMAT, e.exitCode());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
