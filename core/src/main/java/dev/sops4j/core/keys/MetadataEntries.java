package dev.sops4j.core.keys;

import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.List;

/** Builds key entries of string fields for {@link KeyRef#toMetadata()}. */
final class MetadataEntries {
    private MetadataEntries() {
    }

    static Mapping of(String... namesAndValues) {
        List<MapEntry> out = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.add(new Pair(namesAndValues[i], new StrValue(namesAndValues[i + 1])));
        }
        return new Mapping(out);
    }
}
