package dev.sops4j.core.store.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MetadataFlattenerProperties {

    @Property(tries = 300)
    void unflattenInvertsFlatten(@ForAll("metadata") Mapping tree) {
        assertEquals(tree, MetadataFlattener.unflatten(MetadataFlattener.flatten(tree, "")));
    }

    @Property(tries = 200)
    void prefixIsOnlyOnTopLevelKeys(@ForAll("metadata") Mapping tree) {
        List<Pair> plain = MetadataFlattener.flatten(tree, "");
        List<Pair> prefixed = MetadataFlattener.flatten(tree, "sops_");
        assertEquals(plain.size(), prefixed.size());
        for (int i = 0; i < plain.size(); i++) {
            assertEquals("sops_" + plain.get(i).key(), prefixed.get(i).key());
        }
    }

    @Provide
    static Arbitrary<Mapping> metadata() {
        return MetadataFlattenerArbitraries.metadata(
                Arbitraries.strings().withChars("abcXYZ012 =:#;\"'`\n\\é日E").ofMaxLength(12)
                        .map(s -> s.replace("E", "😀")), 3);
    }
}
