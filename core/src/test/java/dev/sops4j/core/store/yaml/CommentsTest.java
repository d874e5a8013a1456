package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where comments land in the tree (yaml.v3's head/line/foot attachment as sops flattens it) and how they are
 * written back: a comment belongs to the deepest open block whose indentation is at most its column.
 */
class CommentsTest {
    private final YamlStore store = new YamlStore(4);

    private List<Mapping> parse(String s) {
        return store.parsePlain(s.getBytes(StandardCharsets.UTF_8));
    }

    private String emit(List<Mapping> m) {
        return new String(store.emitPlain(m), StandardCharsets.UTF_8);
    }

    private static Comment c(String text) {
        return new Comment(text);
    }

    private static Pair p(String k, dev.sops4j.core.tree.Node v) {
        return new Pair(k, v);
    }

    @Test
    void sopsFunctionalTestComments() {
        List<Mapping> top = store.parsePlain(SharedData.bytes("sops-vectors/sops-repo/functional-tests/res/comments.yaml"));
        assertEquals(List.of(Mapping.of(c(" first comment in file"), p("lorem", new StrValue("ipsum")),
                c(" this-is-a-comment"), p("dolor", new StrValue("sit")))), top);
        List<Mapping> list = store.parsePlain(
                SharedData.bytes("sops-vectors/sops-repo/functional-tests/res/comments_list.yaml"));
        assertEquals(List.of(Mapping.of(p("lorem", Sequence.of(new StrValue("foo"), c("this-is-a-comment"),
                new StrValue("bar"))))), list);
        assertEquals("lorem:\n    - foo\n    #this-is-a-comment\n    - bar\n", emit(list));
    }

    @Test
    void aCommentBelongsToTheDeepestBlockItsColumnReaches() {
        assertEquals(List.of(Mapping.of(p("a", Mapping.of(p("b", new IntValue(1)), c(" c"))), p("d", new IntValue(2)))),
                parse("a:\n  b: 1\n  # c\nd: 2\n"));
        assertEquals(List.of(Mapping.of(p("a", Mapping.of(p("b", new IntValue(1)))), c(" c"), p("d", new IntValue(2)))),
                parse("a:\n  b: 1\n# c\nd: 2\n"));
        assertEquals(parse("a:\n  b: 1\n  # c\nd: 2\n"), parse("a:\n  b: 1\n\n  # c\n\nd: 2\n"));
        assertEquals(List.of(Mapping.of(p("a", Mapping.of(c(" c"), p("b", new IntValue(1)))))),
                parse("a:\n# c\n  b: 1\n"));
        assertEquals(List.of(Mapping.of(p("a", Sequence.of(c(" c"), new StrValue("x"))))), parse("a:\n  # c\n  - x\n"));
        assertEquals(List.of(Mapping.of(c(" head"), p("a", new IntValue(1)), c(" tail"))),
                parse("# head\n\na: 1\n\n# tail\n"));
    }

    @Test
    void commentsInSequencesOfMappings() {
        String in = "l:\n  - id: 1\n    # in item\n  # between\n  - id: 2\n  # end of list\nz: 1\n";
        List<Mapping> tree = parse(in);
        assertEquals(List.of(Mapping.of(p("l", Sequence.of(Mapping.of(p("id", new IntValue(1)), c(" in item")),
                c(" between"), Mapping.of(p("id", new IntValue(2))), c(" end of list"))), p("z", new IntValue(1)))),
                tree);
        assertEquals("l:\n    - id: 1\n      # in item\n    # between\n    - id: 2\n    # end of list\nz: 1\n",
                emit(tree));
    }

    @Test
    void inlineCommentsPrecedeTheirEntryAndStayInline() {
        String in = "a: 1 # one\nb: # two\n  c: 2\nl:\n  - x # three\n  - [] # four\nd: | # five\n  text\n";
        List<Mapping> tree = parse(in);
        assertEquals(List.of(Mapping.of(new Comment(" one", true), p("a", new IntValue(1)),
                new Comment(" two", true), p("b", Mapping.of(p("c", new IntValue(2)))),
                p("l", Sequence.of(new Comment(" three", true), new StrValue("x"), new Comment(" four", true),
                        Sequence.of())),
                new Comment(" five", true), p("d", new StrValue("text\n")))), tree);
        assertEquals("a: 1 # one\nb: # two\n    c: 2\nl:\n    - x # three\n    - [] # four\nd: | # five\n    text\n",
                emit(tree));
    }

    @Test
    void decryptedInlineCommentsAreWrittenAboveTheirEntry() {
        assertEquals("secrets:\n    # comment kept\n    password: p\n", emit(List.of(Mapping.of(p("secrets",
                Mapping.of(c(" comment kept"), p("password", new StrValue("p"))))))));
    }

    @Test
    void aCommentInsideAFlowCollectionStaysWithTheBlockAroundIt() {
        assertEquals(List.of(Mapping.of(p("a", new IntValue(1)), c(" inside"),
                p("l", Sequence.of(new IntValue(1), new IntValue(2))))),
                parse("a: 1\nl: [1,\n  # inside\n  2]\n"));
    }

    @Test
    void commentsAcrossDocuments() {
        String in = "a: 1\n# end1\n---\n# start2\nb: 2\n";
        List<Mapping> tree = parse(in);
        assertEquals(List.of(Mapping.of(p("a", new IntValue(1)), c(" end1")),
                Mapping.of(c(" start2"), p("b", new IntValue(2)))), tree);
        assertEquals(in, emit(tree));
    }

    @Test
    void encryptedCommentsSitBeforeTheMetadata() {
        Mapping meta = Mapping.of(p("version", new StrValue("3.13.2")));
        String out = new String(store.emitEncrypted(List.of(Mapping.of(p("a", new StrValue("ENC[x]")),
                new Comment("ENC[y]", false))), meta), StandardCharsets.UTF_8);
        assertEquals("a: ENC[x]\n#ENC[y]\nsops:\n    version: 3.13.2\n", out);
        var back = store.parseEncrypted(out.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(Mapping.of(p("a", new StrValue("ENC[x]")), c("ENC[y]"))), back.branches());
        assertEquals(meta, back.metadata());
    }
}
