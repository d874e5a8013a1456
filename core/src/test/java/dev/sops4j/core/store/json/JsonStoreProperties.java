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

    /**
     * Top-level strings are cut straight from the input when they are plain printable ASCII (the binary store's
     * huge ENC[...] value); with an escape, a control or a non-ASCII character anywhere the parser reads them.
     * Either way, and in the encrypted reading too, they come back as written.
     */
    @Property(tries = 300)
    void topLevelStringsComeBackAsWritten(@ForAll("topLevelStrings") List<String> values) {
        List<MapEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            entries.add(new Pair("k" + i, new StrValue(values.get(i))));
        }
        Mapping tree = new Mapping(entries);
        assertEquals(List.of(tree), store.parsePlain(store.emitPlain(List.of(tree))));
        Mapping md = Mapping.of(new Pair("version", new StrValue("3.13.2")));
        var doc = store.parseEncrypted(store.emitEncrypted(List.of(tree), md));
        assertEquals(List.of(tree), doc.branches());
        assertEquals(md, doc.metadata());
    }

    @Provide
    Arbitrary<List<String>> topLevelStrings() {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(3000);
        Arbitrary<String> odd = Combinators.combine(ascii, Arbitraries.of("\"", "\\", "\n", "\u007f", "é", "\u2028",
                "😀", "\u0000"), ascii).as((a, c, b) -> a + c + b);
        return Arbitraries.oneOf(ascii, odd, text()).list().ofMaxSize(4);
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
