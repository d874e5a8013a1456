package dev.sops4j.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.TreePathException;
import dev.sops4j.core.path.TreePath.Index;
import dev.sops4j.core.path.TreePath.Key;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreePathTest {

    @Test
    void parsesQuotedKeysAndIndices() {
        assertEquals(List.of(new Key("a"), new Index(0), new Key("k")), TreePath.parse("[\"a\"][0]['k']").components());
    }

    @Test
    void keysMayHoldBracketsAndTheOtherQuote() {
        assertEquals(List.of(new Key("x]['y"), new Key("it's")), TreePath.parse("[\"x]['y\"][\"it's\"]").components());
    }

    @Test
    void emptyTextIsTheRoot() {
        assertEquals(List.of(), TreePath.parse("").components());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "[a]", "[\"a\"", "[\"a\"]x", "[-1]", "[1.5]", "[\"a]", "[99999999999]", " [0]"})
    void malformedPathsAreExit91(String text) {
        TreePathException e = assertThrows(TreePathException.class, () -> TreePath.parse(text));
        assertEquals(ExitCode.INVALID_TREE_PATH_FORMAT, e.exitCode());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void printsBackInCanonicalForm() {
        assertEquals("[\"a\"][3][\"b\"]", TreePath.parse("['a'][3][\"b\"]").toString());
    }

    @Property
    void toStringParsesBack(@ForAll("keys") String key, @ForAll @IntRange(min = 0, max = 100000) int index) {
        TreePath p = new TreePath(List.of(new Key(key), new Index(index), new Key(key)));
        assertEquals(p, TreePath.parse(p.toString()));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> keys() {
        return net.jqwik.api.Arbitraries.strings().withCharRange(' ', '~').excludeChars('"').ofMaxLength(12);
    }
}
