package dev.sops4j.core.store.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * The composed YAML graph before typing, with what yaml.v3's decoder needs (raw text, tag, style, line) and the
 * comments already placed where sops puts them. Aliases point at the anchored node and are expanded by copying.
 */
final class Raw {
    private Raw() {
    }

    sealed interface Node permits Scalar, Alias, Container {
    }

    /** {@code tag} is the full tag or null; {@code plain} tells whether the scalar was written without quotes. */
    record Scalar(String value, String tag, boolean plain, int line) implements Node {
    }

    record Alias(String anchor, Node target, int line) implements Node {
    }

    record Comment(String text, boolean inline) {
    }

    record Pair(Node key, Node value) {
    }

    /** A mapping or sequence under construction; {@code items} holds Pairs or Nodes, interleaved with Comments. */
    static final class Container implements Node {
        final boolean mapping;
        final boolean flow;
        final int indent;
        final int line;
        final List<Object> items = new ArrayList<>();

        Container(boolean mapping, boolean flow, int indent, int line) {
            this.mapping = mapping;
            this.flow = flow;
            this.indent = indent;
            this.line = line;
        }
    }

    /** One YAML document: its root (null when empty) and comments of an empty document. */
    record Document(Node root, List<Comment> looseComments) {
    }
}
