package dev.sops4j.core.store.flatten;

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
import net.jqwik.api.Tuple;

/** Metadata-like trees a flattening store can carry: string leaves, no empty containers, plain keys. */
public final class MetadataFlattenerArbitraries {
    private MetadataFlattenerArbitraries() {
    }

    /** Keys without the {@code __} that would read as a separator. */
    public static Arbitrary<String> key() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_0123456789").ofMinLength(1).ofMaxLength(8)
                .filter(k -> !k.contains("__"));
    }

    public static Arbitrary<Mapping> metadata(Arbitrary<String> leafText, int depth) {
        return key().list().uniqueElements().ofMinSize(1).ofMaxSize(4).flatMap(keys ->
                node(leafText, depth).list().ofSize(keys.size()).map(values -> {
                    List<MapEntry> entries = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        entries.add(new Pair(keys.get(i), values.get(i)));
                    }
                    return new Mapping(entries);
                }));
    }

    static Arbitrary<Node> node(Arbitrary<String> leafText, int depth) {
        Arbitrary<Node> leaf = leafText.map(StrValue::new);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> list = Arbitraries.lazy(() -> node(leafText, depth - 1)).list().ofMinSize(1).ofMaxSize(3)
                .map(items -> new Sequence(new ArrayList<Element>(items)));
        Arbitrary<Node> map = Arbitraries.lazy(() -> metadata(leafText, depth - 1)).map(m -> (Node) m);
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, list), Tuple.of(1, map));
    }
}
