package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real files written by sops: parsing and re-emitting them must give the same bytes (sops output is a fixpoint). */
class YamlVectorsTest {
    private final YamlStore store = new YamlStore(4);

    static Stream<String> decryptedOutputs() throws IOException {
        List<String> out = new ArrayList<>(list("sops-vectors/real-sops-3.13.2", ".dec.yaml"));
        out.add("sops-vectors/real-sops-3.13.2/shamir/i.dec-1and3.yaml");
        out.add("sops-vectors/expected/format.enc.yaml.sops-decrypt-stdout.txt");
        return out.stream();
    }

    static Stream<String> encryptedBySops313() throws IOException {
        List<String> out = new ArrayList<>(list("sops-vectors/real-sops-3.13.2", ".enc.yaml"));
        out.add("sops-vectors/real-sops-3.13.2/shamir/i.enc.yaml");
        out.add("sops-vectors/sops-repo/functional-tests/res/format.enc.yaml");
        out.add("sops-vectors/sops-repo/example.yaml");
        out.addAll(list("conformance/fixtures", ".enc.yaml"));
        return out.stream();
    }

    private static List<String> list(String dir, String suffix) throws IOException {
        Path root = SharedData.root();
        try (Stream<Path> s = Files.list(root.resolve(dir))) {
            return s.map(p -> root.relativize(p).toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decryptedOutputs")
    void decryptedOutputIsAFixpoint(String file) {
        String text = SharedData.text(file);
        byte[] again = store.emitPlain(store.parsePlain(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(text, new String(again, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedBySops313")
    void encryptedFileIsReproducedExactly(String file) {
        String text = SharedData.text(file);
        EncryptedDocument doc = store.parseEncrypted(text.getBytes(StandardCharsets.UTF_8));
        byte[] again = store.emitEncrypted(doc.branches(), doc.metadata());
        assertEquals(text, new String(again, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("olderLayouts")
    void olderLayoutsParse(String file) {
        EncryptedDocument doc = store.parseEncrypted(SharedData.bytes(file));
        assertTrue(doc.metadata().containsKey("mac") || doc.metadata().containsKey("pgp"));
        assertFalse(doc.branches().isEmpty());
        assertFalse(doc.branches().get(0).containsKey("sops"));
    }

    static Stream<String> olderLayouts() {
        return Stream.of("sops-vectors/sops-repo/functional-tests/res/comments.enc.yaml",
                "sops-vectors/sops-repo/functional-tests/res/comments_unencrypted_comments.yaml",
                "sops-vectors/sops-repo/functional-tests/res/multiple_keys.yaml",
                "sops-vectors/sops-repo/functional-tests/res/no_mac.yaml",
                "sops-vectors/sops-repo/config/test_resources/example.yaml",
                "sops-vectors/synthetic/shamir-2of2.pgp.SYNTHETIC.yaml");
    }

    /** sops encrypt then decrypt: the decrypted comments lose their inline flag (decryption rebuilds them). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("plainToDecrypted")
    void plaintextComesBackAsSopsDecryptsIt(String plain, String decrypted) {
        List<Mapping> branches = store.parsePlain(SharedData.bytes(plain));
        List<Mapping> asDecrypted = branches.stream().map(YamlVectorsTest::withoutInline).toList();
        assertEquals(SharedData.text(decrypted), new String(store.emitPlain(asDecrypted), StandardCharsets.UTF_8));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> plainToDecrypted() {
        String r = "sops-vectors/real-sops-3.13.2/";
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(r + "a.plain.yaml", r + "a.dec.yaml"),
                org.junit.jupiter.params.provider.Arguments.of(r + "d.plain.yaml", r + "d.dec.yaml"),
                org.junit.jupiter.params.provider.Arguments.of(r + "j.plain.yaml", r + "j.before.dec.yaml"),
                org.junit.jupiter.params.provider.Arguments.of(r + "shamir/i.plain.yaml", r + "shamir/i.dec-1and3.yaml"));
    }

    static Mapping withoutInline(Mapping m) {
        List<MapEntry> out = new ArrayList<>();
        for (MapEntry e : m.entries()) {
            out.add(e instanceof Comment c ? new Comment(c.text()) : new Pair(((Pair) e).key(), strip(((Pair) e).value())));
        }
        return new Mapping(out);
    }

    private static Node strip(Node n) {
        if (n instanceof Mapping m) {
            return withoutInline(m);
        }
        if (n instanceof Sequence s) {
            List<Element> out = new ArrayList<>();
            for (Element e : s.items()) {
                out.add(e instanceof Comment c ? new Comment(c.text()) : strip((Node) e));
            }
            return new Sequence(out);
        }
        return n;
    }

    @Test
    void encryptedInlineCommentIsKeptInline() {
        EncryptedDocument doc = store.parseEncrypted(SharedData.bytes("sops-vectors/real-sops-3.13.2/a.enc.yaml"));
        Mapping app = (Mapping) doc.branches().get(0).get("app").orElseThrow();
        assertTrue(app.entries().get(0) instanceof Comment c && c.inline() && c.text().startsWith("ENC["));
        assertEquals(new StrValue("ENC[AES256_GCM,data:gkUTGktd5DFKXHo1,iv:RMSgXb7vONMcmL0u8GcNNCEbstoxsGVOsuuIcaJ3JFg=,"
                + "tag:Dk6LkrYiy1whZPknAnacLQ==,type:str]"), app.get("name").orElseThrow());
    }
}
