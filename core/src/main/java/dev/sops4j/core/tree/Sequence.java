package dev.sops4j.core.tree;

import java.util.List;

/** An ordered sequence; comments may stand between its items. */
public record Sequence(List<Element> items) implements Node {
    public Sequence {
        items = List.copyOf(items);
    }

    public static Sequence of(Element... items) {
        return new Sequence(List.of(items));
    }
}
