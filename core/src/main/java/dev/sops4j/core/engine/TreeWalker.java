package dev.sops4j.core.engine;

import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a tree depth-first in document order, handing every non-null scalar and every comment to a
 * {@link Leaves} callback together with its AAD path and whether the encryption rule covers it. List indices are
 * not part of the path; a comment takes the path of the mapping or list it stands in. One walk at a time.
 */
final class TreeWalker {

    interface Leaves {
        Scalar value(Scalar value, String aad, boolean covered);

        /** The comment to write back; may drop the inline flag, as sops' decryption does. */
        Comment comment(Comment comment, String aad, boolean covered);

        /**
         * A scalar standing as a list element: by default a value like any other; decryption turns a
         * {@code type:comment} element (written by sops 3.13.2) back into a comment.
         */
        default Element listValue(Scalar value, String aad, boolean covered) {
            return value(value, aad, covered);
        }
    }

    private final EncryptionPolicy policy;
    private final Leaves leaves;
    /** The AAD of each path prefix: entry i for the first i + 1 keys (one string per mapping, not per value). */
    private final List<String> prefixes = new ArrayList<>();

    TreeWalker(EncryptionPolicy policy, Leaves leaves) {
        this.policy = policy;
        this.leaves = leaves;
    }

    List<Mapping> walk(List<Mapping> branches) {
        List<Mapping> out = new ArrayList<>(branches.size());
        prefixes.clear();
        for (Mapping m : branches) {
            out.add(mapping(m, new ArrayList<>(), new ArrayList<>()));
        }
        return out;
    }

    private Mapping mapping(Mapping in, List<String> path, List<List<String>> stack) {
        List<String> active = new ArrayList<>();
        stack.add(active);
        List<MapEntry> out = new ArrayList<>(in.entries().size());
        for (MapEntry e : in.entries()) {
            if (e instanceof Comment c) {
                active.add(c.text());
                out.add(leaves.comment(c, aadOf(path), policy.shouldEncrypt(path, stack, true)));
            } else {
                Pair p = (Pair) e;
                prefixes.add((path.isEmpty() ? "" : prefixes.get(path.size() - 1)) + p.key() + ":");
                path.add(p.key());
                out.add(new Pair(p.key(), node(p.value(), path, stack)));
                path.remove(path.size() - 1);
                prefixes.remove(prefixes.size() - 1);
                active.clear();
            }
        }
        stack.remove(stack.size() - 1);
        return new Mapping(out);
    }

    private Sequence sequence(Sequence in, List<String> path, List<List<String>> stack) {
        List<String> active = new ArrayList<>();
        stack.add(active);
        List<Element> out = new ArrayList<>(in.items().size());
        for (Element e : in.items()) {
            if (e instanceof Comment c) {
                active.add(c.text());
                out.add(leaves.comment(c, aadOf(path), policy.shouldEncrypt(path, stack, true)));
            } else if (e instanceof Scalar sc && !(e instanceof NullValue)) {
                // sops walks such an element as a value even when it decrypts to a comment: it clears the
                // active comments like any value does.
                out.add(leaves.listValue(sc, aadOf(path), policy.shouldEncrypt(path, stack, false)));
                active.clear();
            } else {
                out.add(node((Node) e, path, stack));
                active.clear();
            }
        }
        stack.remove(stack.size() - 1);
        return new Sequence(out);
    }

    private Node node(Node n, List<String> path, List<List<String>> stack) {
        if (n instanceof Mapping m) {
            return mapping(m, path, stack);
        }
        if (n instanceof Sequence s) {
            return sequence(s, path, stack);
        }
        if (n instanceof NullValue) {
            return n;
        }
        return leaves.value((Scalar) n, aadOf(path), policy.shouldEncrypt(path, stack, false));
    }

    /** {@link #aad} of the walk's current path, kept as the walk goes. */
    private String aadOf(List<String> path) {
        return path.isEmpty() ? ":" : prefixes.get(path.size() - 1);
    }

    static String aad(List<String> path) {
        return String.join(":", path) + ":";
    }
}
