package dev.sops4j.core.store.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JsonStoreProperties {
    private final JsonStore store = new JsonStore(-1);

    @Property(tries = 300)
    void parseInvertsEmitForJsonTypedTrees(@ForAll("trees") Mapping tree) {
        byte[] out = store.emitPlain(List.of(tree));
        assertEquals(List.of(tree), store.parsePlain(out));
    }

    @Property(tries = 300)
    void floatsSurviveEmitAndParse(@ForAll double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return;
        }
        Mapping m = Mapping.of(new Pair("f", new FloatValue(d)));
        byte[] out = store.emitPlain(List.of(m));
        Node back = store.parsePlain(out).get(0).get("f").orElseThrow();
        double value = back instanceof IntValue i ? i.value() : ((FloatValue) back).value();
        assertEquals(d == 0 ? 0.0 : d, value == 0 ? 0.0 : value);
        // A second round gives the same bytes.
        assertArrayEquals(out, store.emitPlain(store.parsePlain(out)));
    }

    @Provide
    Arbitrary<Mapping> trees() {
        return mapping(3);
    }

    private Arbitrary<Mapping> mapping(int depth) {
        Arbitrary<MapEntry> pair = Combinators.combine(text(), node(depth - 1)).as(Pair::new);
        return pair.list().ofMaxSize(4).map(Mapping::new);
    }

    private Arbitrary<Node> node(int depth) {
        Arbitrary<Node> scalars = Arbitraries.oneOf(
                text().map(StrValue::new),
                Arbitraries.longs().map(IntValue::new),
                Arbitraries.doubles().filter(d -> d != Math.rint(d)).map(FloatValue::new),
                Arbitraries.of(true, false).map(BoolValue::new),
                Arbitraries.just(NullValue.INSTANCE));
        if (depth <= 0) {
            return scalars;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, scalars),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> mapping(depth - 1)).map(m -> (Node) m)),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> node(depth - 1)).map(n -> (Element) n).list()
                        .ofMaxSize(3).map(l -> (Node) new Sequence(l))));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10),
                        Arbitraries.of("<&>", "\u2028\u2029", "\b\f\n\r\t\u0000\u001f\"\\", "é☃😀"))
                .filter(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s));
    }
}
