package dev.sops4j.core.merge;

import dev.sops4j.core.merge.Conflict.Subject;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Three-way merge of plaintext sops trees by key path, not by line. The rules, applied at every node:
 * <ul>
 *   <li>equal sides, or only one side changed from base: that side wins (a deletion is a change);</li>
 *   <li>mappings: merged key by key; a key keeps the comments standing before it and its inline comment, merged
 *       as one unit; result order is ours' order, keys added only by theirs go after the key that precedes them
 *       in theirs; comments after the last key merge as a unit of their own;</li>
 *   <li>sequences: element by element when base, ours and theirs have the same length; when both sides only
 *       appended to base, base then ours' new items then theirs' (theirs' dropped when identical to ours');
 *       any other change to a list on both sides is a conflict on the whole list;</li>
 *   <li>everything else changed differently on both sides (a scalar, a key deleted on one side and changed on the
 *       other, a type change, a comment) is a {@link Conflict}; the merged tree holds ours there.</li>
 * </ul>
 * Pure functions on immutable trees; the merge never sees ciphertext or keys.
 */
public final class TreeMerge {
    private final List<Conflict> conflicts = new ArrayList<>();

    private TreeMerge() {
    }

    /** Merges documents (YAML may hold several); a missing base (both sides added the file) is an empty list. */
    public static MergeResult merge(List<Mapping> base, List<Mapping> ours, List<Mapping> theirs) {
        TreeMerge m = new TreeMerge();
        List<Mapping> out;
        if (ours.equals(theirs) || base.equals(theirs)) {
            out = ours;
        } else if (base.equals(ours)) {
            out = theirs;
        } else if (ours.size() == theirs.size() && (base.size() == ours.size() || base.isEmpty())) {
            out = new ArrayList<>();
            for (int i = 0; i < ours.size(); i++) {
                Mapping b = base.isEmpty() ? Mapping.empty() : base.get(i);
                out.add((Mapping) m.node(new TreePath(List.of()), b, ours.get(i), theirs.get(i)));
            }
        } else {
            m.conflict(new TreePath(List.of()), Subject.VALUE, null, new Sequence(List.copyOf(ours)),
                    new Sequence(List.copyOf(theirs)));
            out = ours;
        }
        return new MergeResult(out, m.conflicts);
    }

    /** Merges one node; {@code b} is null when the key is new on both sides. */
    private Node node(TreePath path, Node b, Node o, Node t) {
        if (o.equals(t) || t.equals(b)) {
            return o;
        }
        if (o.equals(b)) {
            return t;
        }
        if (o instanceof Mapping om && t instanceof Mapping tm) {
            Mapping bm = b == null ? Mapping.empty() : b instanceof Mapping m ? m : null;
            if (bm != null) {
                Optional<Mapping> merged = mapping(path, bm, om, tm);
                if (merged.isPresent()) {
                    return merged.get();
                }
            }
        }
        if (b instanceof Sequence bs && o instanceof Sequence os && t instanceof Sequence ts) {
            Optional<Sequence> merged = sequence(path, bs, os, ts);
            if (merged.isPresent()) {
                return merged.get();
            }
        }
        conflict(path, Subject.VALUE, b, o, t);
        return o;
    }

    private Optional<Sequence> sequence(TreePath path, Sequence b, Sequence o, Sequence t) {
        List<Element> bi = b.items();
        List<Element> oi = o.items();
        List<Element> ti = t.items();
        if (bi.size() == oi.size() && bi.size() == ti.size()) {
            List<Element> out = new ArrayList<>(oi.size());
            for (int i = 0; i < oi.size(); i++) {
                Element be = bi.get(i);
                Element oe = oi.get(i);
                Element te = ti.get(i);
                if (be instanceof Node bn && oe instanceof Node on && te instanceof Node tn) {
                    out.add(node(child(path, new TreePath.Index(i)), bn, on, tn));
                } else {
                    out.add(pick(child(path, new TreePath.Index(i)), Subject.COMMENTS, be, oe, te));
                }
            }
            return Optional.of(new Sequence(out));
        }
        if (oi.size() >= bi.size() && ti.size() >= bi.size() && oi.subList(0, bi.size()).equals(bi)
                && ti.subList(0, bi.size()).equals(bi)) {
            List<Element> out = new ArrayList<>(oi);
            List<Element> theirsAdded = ti.subList(bi.size(), ti.size());
            if (!theirsAdded.equals(oi.subList(bi.size(), oi.size()))) {
                out.addAll(theirsAdded);
            }
            return Optional.of(new Sequence(out));
        }
        return Optional.empty();
    }

    /** A key's value with the comments that belong to it. */
    private record Unit(List<Comment> leading, Node value, List<Comment> trailing) {
    }

    /** A mapping cut into units; empty when a key repeats (then the mapping only merges as a whole). */
    private record Units(Map<String, Unit> byKey, List<Comment> tail) {
        static Optional<Units> of(Mapping m) {
            Map<String, Unit> byKey = new LinkedHashMap<>();
            List<Comment> pending = new ArrayList<>();
            String last = null;
            for (MapEntry e : m.entries()) {
                if (e instanceof Comment c) {
                    if (c.inline() && last != null && pending.isEmpty()) {
                        Unit u = byKey.get(last);
                        List<Comment> trailing = new ArrayList<>(u.trailing());
                        trailing.add(c);
                        byKey.put(last, new Unit(u.leading(), u.value(), trailing));
                    } else {
                        pending.add(c);
                    }
                } else if (e instanceof Pair p) {
                    if (byKey.containsKey(p.key())) {
                        return Optional.empty();
                    }
                    byKey.put(p.key(), new Unit(List.copyOf(pending), p.value(), List.of()));
                    pending.clear();
                    last = p.key();
                }
            }
            return Optional.of(new Units(byKey, List.copyOf(pending)));
        }
    }

    private Optional<Mapping> mapping(TreePath path, Mapping bm, Mapping om, Mapping tm) {
        Optional<Units> bu = Units.of(bm);
        Optional<Units> ou = Units.of(om);
        Optional<Units> tu = Units.of(tm);
        if (bu.isEmpty() || ou.isEmpty() || tu.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Unit> b = bu.get().byKey();
        Map<String, Unit> o = ou.get().byKey();
        Map<String, Unit> t = tu.get().byKey();
        List<String> order = new ArrayList<>();
        Map<String, Unit> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Unit> e : o.entrySet()) {
            String k = e.getKey();
            TreePath at = child(path, new TreePath.Key(k));
            Unit theirs = t.get(k);
            Unit base = b.get(k);
            if (theirs == null && base != null) {
                if (!e.getValue().equals(base)) {
                    conflict(at, Subject.VALUE, base.value(), e.getValue().value(), null);
                    order.add(k);
                    merged.put(k, e.getValue());
                }
                continue;
            }
            order.add(k);
            merged.put(k, theirs == null ? e.getValue() : unit(at, base, e.getValue(), theirs));
        }
        String previous = null;
        for (Map.Entry<String, Unit> e : t.entrySet()) {
            String k = e.getKey();
            if (o.containsKey(k)) {
                previous = k;
                continue;
            }
            Unit base = b.get(k);
            if (base != null) {
                if (!e.getValue().equals(base)) {
                    conflict(child(path, new TreePath.Key(k)), Subject.VALUE, base.value(), null,
                            e.getValue().value());
                }
                continue;
            }
            int at = previous == null ? 0 : order.indexOf(previous) + 1;
            if (previous != null && at == 0) {
                at = order.size();
            }
            order.add(at, k);
            merged.put(k, e.getValue());
            previous = k;
        }
        List<Comment> tail = comments(path, bu.get().tail(), ou.get().tail(), tu.get().tail());
        List<MapEntry> entries = new ArrayList<>();
        for (String k : order) {
            Unit u = merged.get(k);
            entries.addAll(u.leading());
            entries.add(new Pair(k, u.value()));
            entries.addAll(u.trailing());
        }
        entries.addAll(tail);
        return Optional.of(new Mapping(entries));
    }

    private Unit unit(TreePath path, Unit b, Unit o, Unit t) {
        List<Comment> leading = comments(path, b == null ? List.of() : b.leading(), o.leading(), t.leading());
        Node value = node(path, b == null ? null : b.value(), o.value(), t.value());
        List<Comment> trailing = comments(path, b == null ? List.of() : b.trailing(), o.trailing(), t.trailing());
        return new Unit(leading, value, trailing);
    }

    private List<Comment> comments(TreePath path, List<Comment> b, List<Comment> o, List<Comment> t) {
        if (o.equals(t) || t.equals(b)) {
            return o;
        }
        if (o.equals(b)) {
            return t;
        }
        conflict(path, Subject.COMMENTS, new Sequence(List.copyOf(b)), new Sequence(List.copyOf(o)),
                new Sequence(List.copyOf(t)));
        return o;
    }

    private Element pick(TreePath path, Subject subject, Element b, Element o, Element t) {
        if (o.equals(t) || t.equals(b)) {
            return o;
        }
        if (o.equals(b)) {
            return t;
        }
        conflict(path, subject, asNode(b), asNode(o), asNode(t));
        return o;
    }

    private static Node asNode(Element e) {
        return e instanceof Node n ? n : Sequence.of(e);
    }

    private void conflict(TreePath path, Subject subject, Node b, Node o, Node t) {
        conflicts.add(new Conflict(path, subject, Optional.ofNullable(b), Optional.ofNullable(o),
                Optional.ofNullable(t)));
    }

    private static TreePath child(TreePath parent, TreePath.Component c) {
        List<TreePath.Component> cs = new ArrayList<>(parent.components());
        cs.add(c);
        return new TreePath(cs);
    }
}
