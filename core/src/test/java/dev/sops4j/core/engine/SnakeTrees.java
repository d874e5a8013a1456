package dev.sops4j.core.engine;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Test-only bridge from plain SnakeYAML objects to trees, for YAML vectors whose scalars SnakeYAML types the same
 * way as yaml.v3 (strings, small ints). The real YAML store lives elsewhere.
 */
public final class SnakeTrees {
    private SnakeTrees() {
    }

    public static Mapping load(String yaml) {
        return (Mapping) toNode(new Yaml().load(yaml));
    }

    public static Node toNode(Object o) {
        if (o instanceof Map<?, ?> m) {
            List<MapEntry> entries = new ArrayList<>();
            m.forEach((k, v) -> entries.add(new Pair(String.valueOf(k), toNode(v))));
            return new Mapping(entries);
        }
        if (o instanceof List<?> l) {
            List<Element> items = new ArrayList<>();
            l.forEach(v -> items.add(toNode(v)));
            return new Sequence(items);
        }
        if (o instanceof String s) {
            return new StrValue(s);
        }
        if (o instanceof Integer || o instanceof Long) {
            return new IntValue(((Number) o).longValue());
        }
        if (o instanceof Double d) {
            return new FloatValue(d);
        }
        if (o instanceof Boolean b) {
            return new BoolValue(b);
        }
        if (o instanceof java.util.Date d) {
            return new StrValue(d.toInstant().toString());
        }
        if (o == null) {
            return NullValue.INSTANCE;
        }
        throw new IllegalArgumentException("unsupported YAML value " + o.getClass());
    }
}
