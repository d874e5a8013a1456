package dev.sops4j.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.store.dotenv.DotenvStore;
import dev.sops4j.core.store.ini.IniStore;
import dev.sops4j.core.store.yaml.YamlStore;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trees sops would write into a file it then reads back differently (or not at all) are refused by the emitter. */
class UnreadableOutputRefusedTest {
    private static Mapping doc(String key, Node value) {
        return Mapping.of(new Pair(key, value));
    }

    private static void refused(Store store, Mapping tree, String message) {
        FormatException e = assertThrows(FormatException.class, () -> store.emitPlain(List.of(tree)));
        assertEquals(message, e.getMessage());
        assertEquals(4, e.exitCode().code());
    }

    @Test
    void dotenvKeysThatWouldNotReadBack() {
        String rule = ": a dotenv key cannot contain '=' or a line break, nor start with '#'";
        refused(new DotenvStore(), doc("a=b", new StrValue("v")), "cannot write dotenv key \"a=b\"" + rule);
        refused(new DotenvStore(), doc("a\nb", new StrValue("v")), "cannot write dotenv key \"a\\nb\"" + rule);
        refused(new DotenvStore(), doc("#a", new StrValue("v")), "cannot write dotenv key \"#a\"" + rule);
    }

    @Test
    void dotenvLiteralBackslashNNamesTheKeyNotTheValue() {
        refused(new DotenvStore(), doc("A", new StrValue("secret\\nvalue")), "cannot write the value of dotenv key"
                + " \"A\": it contains a literal backslash-n, which would read back as a line break");
    }

    @Test
    void dotenvRealNewlineIsStillEscaped() {
        assertArrayEquals("A=x\\ny\n".getBytes(StandardCharsets.UTF_8),
                new DotenvStore().emitPlain(List.of(doc("A", new StrValue("x\ny")))));
    }

    @Test
    void iniValueWrappedInQuotes() {
        refused(new IniStore(), doc("s", doc("k", new StrValue("'q'"))),
                "cannot write the value of ini key \"k\": a value wrapped in quotes would read back without them");
    }

    @Test
    void iniValueWithInnerQuoteIsWrittenBare() {
        assertArrayEquals("[s]\nk = \"a\"b\"\n".getBytes(StandardCharsets.UTF_8),
                new IniStore().emitPlain(List.of(doc("s", doc("k", new StrValue("\"a\"b\""))))));
    }

    @Test
    void yamlMergeKeyWithScalarValue() {
        refused(new YamlStore(4), doc("<<", new StrValue("v")), "cannot write YAML key \"<<\": yaml.v3 reads it"
                + " back as a merge key, whose value must be a mapping or a list of mappings");
    }

    @Test
    void yamlCommentOnlyBlocksBelowTheRoot() {
        refused(new YamlStore(4), doc("a", Mapping.of(new Comment(" c"))), "cannot write the YAML value of key"
                + " \"a\": an empty mapping holding only comments would not read back with its comments");
        refused(new YamlStore(4), doc("a", Sequence.of(new Comment(" c"))), "cannot write the YAML value of key"
                + " \"a\": an empty list holding only comments would not read back with its comments");
    }

    @Test
    void yamlCommentOnlyRootIsWritten() {
        assertArrayEquals("# c\n{}\n".getBytes(StandardCharsets.UTF_8),
                new YamlStore(4).emitPlain(List.of(Mapping.of(new Comment(" c")))));
    }

    @Test
    void yamlIndentedBlockInsideAList() {
        refused(new YamlStore(4), doc("k", Sequence.of(new StrValue("\nx"))), "cannot write the YAML entry \"k\":"
                + " yaml.v3 writes a block starting with a space or line break inside a list in a form it cannot"
                + " read back");
    }

    @Test
    void yamlIndentedBlockInANestedMappingIsWritten() {
        assertArrayEquals("k:\n    v: |4-\n\n        x\n".getBytes(StandardCharsets.UTF_8),
                new YamlStore(4).emitPlain(List.of(doc("k", doc("v", new StrValue("\nx"))))));
    }
}
