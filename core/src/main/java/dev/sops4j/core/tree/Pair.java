package dev.sops4j.core.tree;

import java.util.Objects;

/** One key of a mapping with its value. sops only supports string keys. */
public record Pair(String key, Node value) implements MapEntry {
    public Pair {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
