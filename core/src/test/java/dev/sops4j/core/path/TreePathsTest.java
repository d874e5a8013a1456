package dev.sops4j.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.TreePathException;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TreePathsTest {
    private final Mapping doc = Mapping.of(
            new Pair("db", Mapping.of(new Pair("host", new StrValue("h")), new Comment(" c"),
                    new Pair("port", new IntValue(5432)))),
            new Pair("list", Sequence.of(new Comment(" first"), new StrValue("a"), new StrValue("b"))));

    @Test
    void extractsNestedValuesSkippingComments() {
        assertEquals(new IntValue(5432), TreePaths.extract(doc, TreePath.parse("[\"db\"][\"port\"]")));
        assertEquals(new StrValue("b"), TreePaths.extract(doc, TreePath.parse("[\"list\"][1]")));
        assertEquals(doc, TreePaths.extract(doc, TreePath.parse("")));
    }

    @Test
    void extractingAMissingKeyIsExit1NamingIt() {
        TreePathException e = assertThrows(TreePathException.class,
                () -> TreePaths.extract(doc, TreePath.parse("[\"db\"][\"user\"]")));
        assertEquals(ExitCode.GENERIC, e.exitCode());
        assertEquals("component [\"user\"] not found", e.getMessage());
    }

    @Test
    void setReplacesInPlaceKeepingOrderAndComments() {
        Mapping out = TreePaths.set(doc, TreePath.parse("[\"db\"][\"host\"]"), new StrValue("x"));
        Mapping db = (Mapping) out.get("db").orElseThrow();
        assertEquals(Mapping.of(new Pair("host", new StrValue("x")), new Comment(" c"),
                new Pair("port", new IntValue(5432))), db);
        assertEquals(doc.entries().get(1), out.entries().get(1));
    }

    @Test
    void setCreatesMissingMappingsAndAppendsPastTheEnd() {
        Mapping out = TreePaths.set(doc, TreePath.parse("[\"new\"][\"deep\"]"), new IntValue(1));
        assertEquals(Optional.of(Mapping.of(new Pair("deep", new IntValue(1)))), out.get("new"));
        Mapping appended = TreePaths.set(doc, TreePath.parse("[\"list\"][7]"), new StrValue("c"));
        assertEquals(Sequence.of(new Comment(" first"), new StrValue("a"), new StrValue("b"), new StrValue("c")),
                appended.get("list").orElseThrow());
    }

    @Test
    void setThroughAScalarReplacesIt() {
        Mapping out = TreePaths.set(doc, TreePath.parse("[\"db\"][\"port\"][\"x\"]"), new IntValue(2));
        assertEquals(Optional.of(Mapping.of(new Pair("x", new IntValue(2)))),
                ((Mapping) out.get("db").orElseThrow()).get("port"));
    }

    @Test
    void unsetRemovesKeysAndItems() {
        Mapping out = TreePaths.unset(doc, TreePath.parse("[\"db\"][\"host\"]"));
        assertEquals(Mapping.of(new Comment(" c"), new Pair("port", new IntValue(5432))), out.get("db").orElseThrow());
        Mapping out2 = TreePaths.unset(doc, TreePath.parse("[\"list\"][0]"));
        assertEquals(Sequence.of(new Comment(" first"), new StrValue("b")), out2.get("list").orElseThrow());
    }

    @Test
    void unsetOfAMissingKeyIsSopsKeyNotFound() {
        TreePathException e = assertThrows(TreePathException.class,
                () -> TreePaths.unset(doc, TreePath.parse("[\"nope\"]")));
        assertEquals("Key not found: nope", e.getMessage());
        assertEquals(ExitCode.GENERIC, e.exitCode());
    }
}
