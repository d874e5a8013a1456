package dev.sops4j.core.path;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.TreePathException;
import dev.sops4j.core.path.TreePath.Component;
import dev.sops4j.core.path.TreePath.Index;
import dev.sops4j.core.path.TreePath.Key;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and rewrites the tree model along a {@link TreePath}, with sops' semantics: {@code set} creates missing
 * mapping keys and appends when an index is past the end; {@code unset} fails on a missing key. Sequence indices
 * count values only: comments between items are not addressable (sops counts them, which makes an index shift
 * when someone adds a comment).
 */
public final class TreePaths {
    private TreePaths() {
    }

    /** The node at {@code path}; throws (exit 1) naming the first missing component. */
    public static Node extract(Node root, TreePath path) {
        Node cur = root;
        for (Component c : path.components()) {
            Optional<Node> next = child(cur, c);
            if (next.isEmpty()) {
                throw new TreePathException(ExitCode.GENERIC, "component " + c + " not found", null);
            }
            cur = next.get();
        }
        return cur;
    }

    /** The node at {@code path}, or empty when any component is missing. */
    public static Optional<Node> find(Node root, TreePath path) {
        Node cur = root;
        for (Component c : path.components()) {
            Optional<Node> next = child(cur, c);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        return Optional.of(cur);
    }

    /** A copy of {@code root} with {@code value} at {@code path}, creating what is missing. */
    public static Mapping set(Mapping root, TreePath path, Node value) {
        if (path.isEmpty()) {
            if (value instanceof Mapping m) {
                return m;
            }
            throw new TreePathException(ExitCode.INVALID_TREE_PATH_FORMAT,
                    "cannot set the document root to a non-mapping value", null);
        }
        Node result = setIn(root, path.components(), value);
        if (result instanceof Mapping m) {
            return m;
        }
        throw new TreePathException(ExitCode.INVALID_TREE_PATH_FORMAT,
                "path " + path + " must start with a mapping key", null);
    }

    /** A copy of {@code root} without the node at {@code path}; throws "Key not found" when it is absent. */
    public static Mapping unset(Mapping root, TreePath path) {
        if (path.isEmpty()) {
            throw new TreePathException(ExitCode.INVALID_TREE_PATH_FORMAT, "cannot unset the document root", null);
        }
        Node result = unsetIn(root, path.components());
        return (Mapping) result;
    }

    private static Optional<Node> child(Node node, Component c) {
        if (c instanceof Key k && node instanceof Mapping m) {
            return m.get(k.name());
        }
        if (c instanceof Index ix && node instanceof Sequence s) {
            List<Node> values = values(s);
            return ix.index() < values.size() ? Optional.of(values.get(ix.index())) : Optional.empty();
        }
        return Optional.empty();
    }

    private static Node setIn(Node node, List<Component> path, Node value) {
        if (path.isEmpty()) {
            return value;
        }
        Component head = path.get(0);
        List<Component> rest = path.subList(1, path.size());
        if (head instanceof Key k && node instanceof Mapping m) {
            Optional<Node> existing = m.get(k.name());
            Node inner = existing.map(e -> setIn(e, rest, value)).orElseGet(() -> build(rest, value));
            return m.with(k.name(), inner);
        }
        if (head instanceof Index ix && node instanceof Sequence s) {
            List<Element> items = new ArrayList<>(s.items());
            int pos = itemPosition(items, ix.index());
            if (pos < 0) {
                items.add(build(rest, value));
            } else {
                items.set(pos, setIn((Node) items.get(pos), rest, value));
            }
            return new Sequence(items);
        }
        // Wrong node kind at this level: sops replaces it with a freshly built structure.
        return build(path, value);
    }

    private static Node build(List<Component> path, Node leaf) {
        Node cur = leaf;
        for (int i = path.size() - 1; i >= 0; i--) {
            Component c = path.get(i);
            cur = c instanceof Key k ? Mapping.of(new Pair(k.name(), cur)) : Sequence.of(cur);
        }
        return cur;
    }

    private static Node unsetIn(Node node, List<Component> path) {
        Component head = path.get(0);
        List<Component> rest = path.subList(1, path.size());
        if (head instanceof Key k && node instanceof Mapping m) {
            Optional<Node> existing = m.get(k.name());
            if (existing.isEmpty()) {
                throw notFound(k.name());
            }
            if (rest.isEmpty()) {
                return m.without(k.name());
            }
            return replaceFirst(m, k.name(), unsetIn(existing.get(), rest));
        }
        if (head instanceof Index ix && node instanceof Sequence s) {
            List<Element> items = new ArrayList<>(s.items());
            int pos = itemPosition(items, ix.index());
            if (pos < 0) {
                throw notFound(Integer.toString(ix.index()));
            }
            if (rest.isEmpty()) {
                items.remove(pos);
            } else {
                items.set(pos, unsetIn((Node) items.get(pos), rest));
            }
            return new Sequence(items);
        }
        throw notFound(head instanceof Key k ? k.name() : Integer.toString(((Index) head).index()));
    }

    private static Mapping replaceFirst(Mapping m, String key, Node value) {
        List<MapEntry> out = new ArrayList<>(m.entries().size());
        boolean done = false;
        for (MapEntry e : m.entries()) {
            if (!done && e instanceof Pair p && p.key().equals(key)) {
                out.add(new Pair(key, value));
                done = true;
            } else {
                out.add(e);
            }
        }
        return new Mapping(out);
    }

    private static TreePathException notFound(String what) {
        return new TreePathException(ExitCode.GENERIC, "Key not found: " + what, null);
    }

    private static List<Node> values(Sequence s) {
        List<Node> out = new ArrayList<>(s.items().size());
        for (Element e : s.items()) {
            if (e instanceof Node n) {
                out.add(n);
            }
        }
        return out;
    }

    /** Position in {@code items} of the {@code index}-th value (comments skipped), or -1 past the end. */
    private static int itemPosition(List<Element> items, int index) {
        int seen = 0;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Comment) {
                continue;
            }
            if (seen++ == index) {
                return i;
            }
        }
        return -1;
    }
}
