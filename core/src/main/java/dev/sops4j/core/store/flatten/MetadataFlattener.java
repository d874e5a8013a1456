package dev.sops4j.core.store.flatten;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * sops' metadata flattening for the stores that only hold flat key/value text (dotenv, INI): a nested metadata
 * tree becomes one entry per leaf, the path spelled with {@code __map_<key>} and {@code __list_<index>} steps
 * ({@code pgp__list_0__map_fp}). Order is the tree's depth-first order; empty lists and maps leave nothing;
 * nulls are skipped. Reading back, every leaf stays the string it was; typing it is the metadata codec's job.
 */
public final class MetadataFlattener {
    public static final String MAP_SEPARATOR = "__map_";
    public static final String LIST_SEPARATOR = "__list_";

    private MetadataFlattener() {
    }

    /** Flattens {@code tree}, putting {@code prefix} before every top-level key. Leaves become strings. */
    public static List<Pair> flatten(Mapping tree, String prefix) {
        List<Pair> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Pair p : tree.pairs()) {
            flattenNode(prefix + p.key(), p.value(), out, seen);
        }
        return out;
    }

    private static void flattenNode(String path, Node node, List<Pair> out, Set<String> seen) {
        if (node instanceof Mapping m) {
            for (Pair p : m.pairs()) {
                flattenNode(path + MAP_SEPARATOR + p.key(), p.value(), out, seen);
            }
        } else if (node instanceof Sequence s) {
            int index = 0;
            for (Element e : s.items()) {
                if (e instanceof Node child) {
                    flattenNode(path + LIST_SEPARATOR + index, child, out, seen);
                    index++;
                }
            }
        } else if (!(node instanceof NullValue)) {
            if (!seen.add(path)) {
                throw new FormatException("Found key collision " + ScalarText.goQuote(path) + " while flattening");
            }
            out.add(new Pair(path, new StrValue(ScalarText.of((Scalar) node))));
        }
    }

    /**
     * Rebuilds the tree from flat entries (comments are ignored). Maps keep the order in which their keys first
     * appear; a repeated flat key keeps its first position and its last value; list indices must run 0..n-1.
     */
    public static Mapping unflatten(List<? extends MapEntry> flat) {
        MapSlot root = new MapSlot("");
        for (MapEntry entry : flat) {
            if (entry instanceof Pair p) {
                place(root, p.key(), p.value());
            }
        }
        return root.toMapping();
    }

    private static void place(MapSlot root, String flatKey, Node value) {
        List<Object> tokens = tokenize(flatKey);
        Object current = root;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Object token = tokens.get(i);
            Object next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            path.append(i == 0 ? "" : token instanceof String ? MAP_SEPARATOR : LIST_SEPARATOR).append(token);
            Map<Object, Object> children;
            if (token instanceof String) {
                if (!(current instanceof MapSlot m)) {
                    throw mismatch(flatKey, "can only use string key for map");
                }
                children = m.children;
            } else {
                if (!(current instanceof ListSlot l)) {
                    throw mismatch(flatKey, "can only use integer key for list");
                }
                children = l.children;
            }
            Object existing = children.get(token);
            if (next == null) {
                if (existing instanceof MapSlot || existing instanceof ListSlot) {
                    throw mismatch(flatKey, "a nested value cannot be replaced by a scalar");
                }
                children.put(token, value);
            } else {
                if (existing == null) {
                    existing = next instanceof String ? new MapSlot(path.toString()) : new ListSlot(path.toString());
                    children.put(token, existing);
                }
                current = existing;
            }
        }
    }

    private static MetadataException mismatch(String flatKey, String what) {
        return new MetadataException("Error while unflattening " + ScalarText.goQuote(flatKey) + ": Type mismatch: " + what);
    }

    /** Splits a flat key into map keys (String) and list indices (Integer), as sops' tokenizer does. */
    static List<Object> tokenize(String flatKey) {
        List<Object> tokens = new ArrayList<>();
        int start = 0;
        boolean list = false;
        int i = 0;
        while (i <= flatKey.length()) {
            boolean atMap = flatKey.startsWith(MAP_SEPARATOR, i);
            boolean atList = !atMap && flatKey.startsWith(LIST_SEPARATOR, i);
            if (atMap || atList || i == flatKey.length()) {
                String text = flatKey.substring(start, i);
                tokens.add(list ? index(flatKey, text) : text);
                if (i == flatKey.length()) {
                    break;
                }
                list = atList;
                i += atMap ? MAP_SEPARATOR.length() : LIST_SEPARATOR.length();
                start = i;
            } else {
                i++;
            }
        }
        return tokens;
    }

    private static Integer index(String flatKey, String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MetadataException("Error while unflattening " + ScalarText.goQuote(flatKey)
                    + ": list index " + ScalarText.goQuote(text) + " is not a number");
        }
        return Integer.valueOf(text);
    }

    private static Node toNode(Object slot) {
        if (slot instanceof MapSlot m) {
            return m.toMapping();
        }
        if (slot instanceof ListSlot l) {
            return l.toSequence();
        }
        return (Node) slot;
    }

    private static final class MapSlot {
        final String path;
        final Map<Object, Object> children = new LinkedHashMap<>();

        MapSlot(String path) {
            this.path = path;
        }

        Mapping toMapping() {
            List<MapEntry> entries = new ArrayList<>(children.size());
            children.forEach((k, v) -> entries.add(new Pair((String) k, toNode(v))));
            return new Mapping(entries);
        }
    }

    private static final class ListSlot {
        final String path;
        final Map<Object, Object> children = new TreeMap<>();

        ListSlot(String path) {
            this.path = path;
        }

        Sequence toSequence() {
            List<Element> items = new ArrayList<>(children.size());
            int expected = 0;
            for (Map.Entry<Object, Object> e : children.entrySet()) {
                if ((Integer) e.getKey() != expected) {
                    throw new MetadataException("Error while unflattening metadata: list " + ScalarText.goQuote(path)
                            + " has no item " + expected);
                }
                items.add(toNode(e.getValue()));
                expected++;
            }
            return new Sequence(items);
        }
    }
}
