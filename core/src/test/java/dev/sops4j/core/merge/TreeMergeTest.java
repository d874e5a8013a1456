package dev.sops4j.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented list, comment, deletion and recipient rules, one example each. */
class TreeMergeTest {
    private static StrValue s(String v) {
        return new StrValue(v);
    }

    private static MergeResult merge(Mapping b, Mapping o, Mapping t) {
        return TreeMerge.merge(List.of(b), List.of(o), List.of(t));
    }

    @Test
    void listsOfEqualLengthMergeElementWise() {
        Mapping b = Mapping.of(new Pair("l", Sequence.of(s("a"), s("b"))));
        Mapping o = Mapping.of(new Pair("l", Sequence.of(s("A"), s("b"))));
        Mapping t = Mapping.of(new Pair("l", Sequence.of(s("a"), s("B"))));
        assertEquals(Mapping.of(new Pair("l", Sequence.of(s("A"), s("B")))), merge(b, o, t).branches().get(0));
    }

    @Test
    void itemsAppendedOnBothSidesAreKeptOursFirst() {
        Mapping b = Mapping.of(new Pair("l", Sequence.of(s("a"))));
        Mapping o = Mapping.of(new Pair("l", Sequence.of(s("a"), s("o"))));
        Mapping t = Mapping.of(new Pair("l", Sequence.of(s("a"), s("t"))));
        assertEquals(Mapping.of(new Pair("l", Sequence.of(s("a"), s("o"), s("t")))), merge(b, o, t).branches().get(0));
    }

    @Test
    void otherListChangesOnBothSidesConflictOnTheWholeList() {
        Mapping b = Mapping.of(new Pair("l", Sequence.of(s("a"), s("b"))));
        Mapping o = Mapping.of(new Pair("l", Sequence.of(s("b"))));
        Mapping t = Mapping.of(new Pair("l", Sequence.of(s("a"), s("b"), s("c"), s("d"))));
        MergeResult r = merge(b, o, t);
        assertEquals(List.of(o), r.branches());
        assertEquals("[\"l\"]", r.conflicts().get(0).describePath());
    }

    @Test
    void deletedOnOneSideAndChangedOnTheOtherIsAConflict() {
        Mapping b = Mapping.of(new Pair("k", s("1")), new Pair("x", s("x")));
        MergeResult r = merge(b, Mapping.of(new Pair("x", s("x"))), Mapping.of(new Pair("k", s("2")), new Pair("x", s("x"))));
        assertFalse(r.clean());
        assertTrue(r.conflicts().get(0).ours().isEmpty());
    }

    @Test
    void commentsTravelWithTheirKeyAndKeysAddedByTheirsKeepTheirPlace() {
        Mapping b = Mapping.of(new Pair("a", s("1")), new Pair("c", s("3")));
        Mapping o = Mapping.of(new Comment(" about a"), new Pair("a", s("1")), new Pair("c", s("33")));
        Mapping t = Mapping.of(new Pair("a", s("1")), new Comment(" about b"), new Pair("b", s("2")),
                new Pair("c", s("3")), new Comment(" end", false));
        Mapping expected = Mapping.of(new Comment(" about a"), new Pair("a", s("1")), new Comment(" about b"),
                new Pair("b", s("2")), new Pair("c", s("33")), new Comment(" end", false));
        assertEquals(expected, merge(b, o, t).branches().get(0));
    }

    @Test
    void recipientsAddedOnEitherSideAreKeptAndARemovalAsksForRotation() {
        KeyGroup base = new KeyGroup(List.of(AgeKeyRef.of("age1a"), AgeKeyRef.of("age1b")));
        KeyGroup ours = new KeyGroup(List.of(AgeKeyRef.of("age1a"), AgeKeyRef.of("age1b"), AgeKeyRef.of("age1o")));
        KeyGroup theirs = new KeyGroup(List.of(AgeKeyRef.of("age1a"), AgeKeyRef.of("age1t")));
        KeyMerge.Result r = KeyMerge.merge(List.of(base), List.of(ours), List.of(theirs)).orElseThrow();
        assertEquals(List.of("age:age1a", "age:age1o", "age:age1t"),
                r.groups().get(0).keys().stream().map(k -> k.identity()).toList());
        assertTrue(r.added());
        assertTrue(r.dropped());
        assertTrue(KeyMerge.merge(List.of(base), List.of(base), List.of(base)).orElseThrow().unchanged());
    }
}
