package dev.sops4j.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The merge laws over arbitrary trees: one-sided changes win, disjoint changes combine, the sides commute. */
class TreeMergeProperties {

    @Property(tries = 300)
    void onlyOursChanged(@ForAll("trees") Mapping base, @ForAll("trees") Mapping x) {
        MergeResult r = TreeMerge.merge(List.of(base), List.of(x), List.of(base));
        assertEquals(List.of(x), r.branches());
        assertTrue(r.clean());
    }

    @Property(tries = 300)
    void onlyTheirsChanged(@ForAll("trees") Mapping base, @ForAll("trees") Mapping y) {
        MergeResult r = TreeMerge.merge(List.of(base), List.of(base), List.of(y));
        assertEquals(List.of(y), r.branches());
        assertTrue(r.clean());
    }

    @Property(tries = 300)
    void sameChangeOnBothSides(@ForAll("trees") Mapping base, @ForAll("trees") Mapping x) {
        MergeResult r = TreeMerge.merge(List.of(base), List.of(x), List.of(x));
        assertEquals(List.of(x), r.branches());
        assertTrue(r.clean());
    }

    /** Each side rewrites, deletes or comments a disjoint set of keys: both changes land, no conflict. */
    @Property(tries = 300)
    void disjointChangesCombineWhicheverSideIsOurs(@ForAll("trees") Mapping base,
            @ForAll("edits") List<Integer> oursEdits, @ForAll("edits") List<Integer> theirsEdits) {
        List<String> keys = base.pairs().stream().map(Pair::key).toList();
        Mapping ours = edit(base, keys, oursEdits, 0, "o");
        Mapping theirs = edit(base, keys, theirsEdits, 1, "t");
        MergeResult a = TreeMerge.merge(List.of(base), List.of(ours), List.of(theirs));
        MergeResult b = TreeMerge.merge(List.of(base), List.of(theirs), List.of(ours));
        assertTrue(a.clean(), a.conflicts().toString());
        assertTrue(b.clean(), b.conflicts().toString());
        Map<String, Node> expected = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Mapping from = i % 2 == 0 ? ours : theirs;
            String k = keys.get(i);
            from.get(k).ifPresent(v -> expected.put(k, v));
        }
        ours.pairs().stream().filter(p -> !base.containsKey(p.key())).forEach(p -> expected.put(p.key(), p.value()));
        theirs.pairs().stream().filter(p -> !base.containsKey(p.key())).forEach(p -> expected.put(p.key(), p.value()));
        assertEquals(expected, values(a.branches().get(0)));
        assertEquals(values(a.branches().get(0)), values(b.branches().get(0)));
        assertEquals(comments(a.branches().get(0)), comments(b.branches().get(0)));
    }

    /** The same key set to different values is one conflict at its path, whichever side is ours. */
    @Property(tries = 200)
    void conflictingChangeIsReportedAndOursKept(@ForAll("trees") Mapping base, @ForAll("words") String k) {
        Mapping b = base.with(k, new StrValue("b"));
        Mapping o = b.with(k, new StrValue("o"));
        Mapping t = b.with(k, new StrValue("t"));
        MergeResult r = TreeMerge.merge(List.of(b), List.of(o), List.of(t));
        MergeResult swapped = TreeMerge.merge(List.of(b), List.of(t), List.of(o));
        assertEquals(List.of(o), r.branches());
        assertEquals(1, r.conflicts().size());
        assertEquals("[\"" + k + "\"]", r.conflicts().get(0).describePath());
        assertEquals(r.conflicts().get(0).path(), swapped.conflicts().get(0).path());
    }

    /** Even positions change on ours, odd on theirs: new value, deletion or a new comment above the key. */
    private static Mapping edit(Mapping base, List<String> keys, List<Integer> edits, int parity, String tag) {
        Mapping m = base;
        for (int i = 0; i < keys.size(); i++) {
            if (i % 2 != parity) {
                continue;
            }
            int e = edits.get(i % edits.size());
            String k = keys.get(i);
            m = switch (e) {
                case 1 -> m.with(k, new StrValue(tag + i));
                case 2 -> withoutKeyAndItsComments(m, k);
                case 3 -> commentBefore(m, k, tag + " note " + i);
                default -> m;
            };
        }
        if (edits.get(0) == 4) {
            m = m.with("added-" + tag, new IntValue(7));
        }
        return m;
    }

    /** Deletes a key with the comments standing right before it (which belong to it). */
    private static Mapping withoutKeyAndItsComments(Mapping m, String key) {
        List<MapEntry> out = new ArrayList<>();
        List<MapEntry> pending = new ArrayList<>();
        for (MapEntry e : m.entries()) {
            if (e instanceof Comment) {
                pending.add(e);
                continue;
            }
            if (!(e instanceof Pair p && p.key().equals(key))) {
                out.addAll(pending);
                out.add(e);
            }
            pending.clear();
        }
        out.addAll(pending);
        return new Mapping(out);
    }

    private static Mapping commentBefore(Mapping m, String key, String text) {
        List<MapEntry> out = new ArrayList<>();
        for (MapEntry e : m.entries()) {
            if (e instanceof Pair p && p.key().equals(key)) {
                out.add(new Comment(text));
            }
            out.add(e);
        }
        return new Mapping(out);
    }

    private static Map<String, Node> values(Mapping m) {
        Map<String, Node> out = new LinkedHashMap<>();
        m.pairs().forEach(p -> out.put(p.key(), p.value()));
        return out;
    }

    private static Set<Comment> comments(Mapping m) {
        return Set.copyOf(m.entries().stream().filter(e -> e instanceof Comment).map(e -> (Comment) e).toList());
    }

    @Provide
    Arbitrary<List<Integer>> edits() {
        return Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcxyz").ofMinLength(1).ofMaxLength(4);
    }

    @Provide
    Arbitrary<Mapping> trees() {
        return mapping(2);
    }

    private Arbitrary<Mapping> mapping(int depth) {
        Arbitrary<MapEntry> pair = Arbitraries.lazy(() -> words().flatMap(k -> node(depth).map(v -> new Pair(k, v))));
        Arbitrary<MapEntry> comment = words().map(Comment::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, pair), net.jqwik.api.Tuple.of(1, comment))
                .list().ofMaxSize(6).map(TreeMergeProperties::uniqueKeys);
    }

    private Arbitrary<Node> node(int depth) {
        Arbitrary<Node> scalar = Arbitraries.oneOf(words().map(StrValue::new),
                Arbitraries.longs().between(-3, 3).map(IntValue::new));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Node> seq = Arbitraries.lazy(() -> node(depth - 1)).map(n -> (Element) n).list().ofMaxSize(3)
                .map(Sequence::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, scalar),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> mapping(depth - 1)).map(m -> (Node) m)),
                net.jqwik.api.Tuple.of(1, seq));
    }

    private static Mapping uniqueKeys(List<MapEntry> entries) {
        Set<String> seen = new java.util.HashSet<>();
        List<MapEntry> out = new ArrayList<>();
        for (MapEntry e : entries) {
            if (!(e instanceof Pair p) || seen.add(p.key())) {
                out.add(e);
            }
        }
        return new Mapping(out);
    }
}
