package dev.sops4j.core.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An ordered mapping. Entry order is file order and is preserved by every store. */
public record Mapping(List<MapEntry> entries) implements Node {
    public Mapping {
        entries = List.copyOf(entries);
    }

    public static Mapping of(MapEntry... entries) {
        return new Mapping(List.of(entries));
    }

    public static Mapping empty() {
        return new Mapping(List.of());
    }

    /** The value of the first pair with this key. */
    public Optional<Node> get(String key) {
        for (MapEntry e : entries) {
            if (e instanceof Pair p && p.key().equals(key)) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    public boolean containsKey(String key) {
        return get(key).isPresent();
    }

    /** The pairs only, comments skipped. */
    public List<Pair> pairs() {
        List<Pair> out = new ArrayList<>();
        for (MapEntry e : entries) {
            if (e instanceof Pair p) {
                out.add(p);
            }
        }
        return out;
    }

    /** A copy without the pairs named {@code key}. */
    public Mapping without(String key) {
        List<MapEntry> out = new ArrayList<>(entries.size());
        for (MapEntry e : entries) {
            if (!(e instanceof Pair p && p.key().equals(key))) {
                out.add(e);
            }
        }
        return new Mapping(out);
    }

    /** A copy with {@code key} replaced in place, or appended when absent. */
    public Mapping with(String key, Node value) {
        List<MapEntry> out = new ArrayList<>(entries.size() + 1);
        boolean replaced = false;
        for (MapEntry e : entries) {
            if (!replaced && e instanceof Pair p && p.key().equals(key)) {
                out.add(new Pair(key, value));
                replaced = true;
            } else {
                out.add(e);
            }
        }
        if (!replaced) {
            out.add(new Pair(key, value));
        }
        return new Mapping(out);
    }
}
