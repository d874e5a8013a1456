package dev.sops4j.core.store.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FlattenerProperties {

    @Property(tries = 300)
    void unflattenInvertsFlatten(@ForAll("metadata") Mapping tree) {
        assertEquals(tree, Flattener.unflatten(Flattener.flatten(tree, "")));
    }

    @Property(tries = 200)
    void prefixIsOnlyOnTopLevelKeys(@ForAll("metadata") Mapping tree) {
        List<Pair> plain = Flattener.flatten(tree, "");
        List<Pair> prefixed = Flattener.flatten(tree, "sops_");
        assertEquals(plain.size(), prefixed.size());
        for (int i = 0; i < plain.size(); i++) {
            assertEquals("sops_" + plain.get(i).key(), prefixed.get(i).key());
        }
    }

    @Provide
    static Arbitrary<Mapping> metadata() {
        return mapping(3);
    }

    /** Keys sops could flatten unambiguously: no separator inside, no empty containers. */
    static Arbitrary<String> key() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_0123456789").ofMinLength(1).ofMaxLength(8)
                .filter(k -> !k.contains("__"));
    }

    static Arbitrary<Node> leaf() {
        return Arbitraries.strings().withChars("abcXYZ012 =:#;\"'`\n\\é日😀").ofMaxLength(12).map(StrValue::new);
    }

    static Arbitrary<Mapping> mapping(int depth) {
        return key().list().uniqueElements().ofMinSize(1).ofMaxSize(4).flatMap(keys ->
                node(depth).list().ofSize(keys.size()).map(values -> {
                    List<MapEntry> entries = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        entries.add(new Pair(keys.get(i), values.get(i)));
                    }
                    return new Mapping(entries);
                }));
    }

    static Arbitrary<Node> node(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<Node> list = Arbitraries.lazy(() -> node(depth - 1)).list().ofMinSize(1).ofMaxSize(3)
                .map(items -> new Sequence(new ArrayList<Element>(items)));
        Arbitrary<Node> map = Arbitraries.lazy(() -> mapping(depth - 1)).map(m -> (Node) m);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf()), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map));
    }
}
