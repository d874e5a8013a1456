package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.json.JsonStore;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The engine over real YAML files, read through a minimal SnakeYAML bridge (comments dropped; only files whose
 * clear values SnakeYAML types with the same MAC bytes as yaml.v3). Exercises multi-document walks and MACs
 * computed by sops over YAML trees; the YAML store itself is tested elsewhere.
 */
class YamlVectorsEngineTest {

    private static EncryptedDocument document(String path) {
        List<Mapping> branches = new ArrayList<>();
        Mapping metadata = null;
        for (Object doc : new Yaml().loadAll(SharedData.text(path))) {
            Mapping m = (Mapping) SnakeTrees.toNode(doc);
            if (metadata == null) {
                metadata = (Mapping) m.get("sops").orElseThrow();
            }
            branches.add(m.without("sops"));
        }
        return new EncryptedDocument(branches, metadata);
    }

    private static <R extends KeyRef> Sops4j with(KeySource<R> source) {
        return Sops4j.builder().keySource(source).build();
    }

    private static String dataKey(String vector) {
        Mapping all = new JsonStore(-1).parsePlain(SharedData.bytes("sops-vectors/expected/"
                + vector.replace("/", "__") + ".expected.json")).get(0);
        return ((StrValue) all.get("data_key_hex").orElseThrow()).value();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sops-repo/example.yaml",
        "sops-repo/functional-tests/res/format.enc.yaml",
        "sops-repo/functional-tests/res/comments.enc.yaml",
        "sops-repo/functional-tests/res/comments_unencrypted_comments.yaml",
        "sops-repo/functional-tests/res/multiple_keys.yaml",
    })
    void pgpYamlVectorsDecryptWithTheirMacVerified(String vector) {
        Sops4j sops = with(TestKeySources.pgpKnownDataKey(dataKey(vector)));
        try (DecryptedFile f = sops.decrypt(document("sops-vectors/" + vector), DecryptOptions.DEFAULTS)) {
            Mapping expected = new JsonStore(-1).parsePlain(SharedData.bytes("sops-vectors/expected/"
                    + vector.replace("/", "__") + ".expected.json")).get(0);
            Mapping want = (Mapping) ((Sequence) expected.get("documents").orElseThrow()).items().get(0);
            // Compared as Go-style JSON text, which writes 25.0 and 25 alike, as the reference decryptor's
            // Python floats and SnakeYAML's ints differ only there.
            JsonStore json = new JsonStore(-1);
            assertEquals(new String(json.emitValue(want), java.nio.charset.StandardCharsets.UTF_8),
                    new String(json.emitValue(f.branches().get(0)), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void noMacFileIsExit51UnlessIgnored() {
        String vector = "sops-repo/functional-tests/res/no_mac.yaml";
        Sops4j sops = with(TestKeySources.pgpKnownDataKey(dataKey(vector)));
        MacMismatchException e = assertThrows(MacMismatchException.class,
                () -> sops.decrypt(document("sops-vectors/" + vector), DecryptOptions.DEFAULTS));
        assertEquals(ExitCode.MAC_MISMATCH, e.exitCode());
        assertEquals("MAC mismatch. File has no MAC", e.getMessage());
        try (DecryptedFile f = sops.decrypt(document("sops-vectors/" + vector),
                new DecryptOptions(true, DecryptOptions.DEFAULT_ORDER))) {
            assertEquals(new StrValue("t00m4nys3cr3tzupdated"), f.branches().get(0).get("myapp1").orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.enc.yaml", "b.enc.yaml", "d.enc.yaml", "j.before.enc.yaml", "j.after.enc.yaml"})
    void realSops3132YamlFilesDecryptWithTheirMacVerified(String file) {
        String dir = "sops-vectors/real-sops-3.13.2/";
        Sops4j sops = with(TestKeySources.ageCli(SharedData.file(dir + "age-key.txt")));
        EncryptedDocument doc = document(dir + file);
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(doc.branches().size(), f.branches().size());
        }
    }

    @Test
    void editingReencryptsOnlyTheChangedValuesLikeSopsSet() {
        String dir = "sops-vectors/real-sops-3.13.2/";
        Sops4j sops = with(TestKeySources.ageCli(SharedData.file(dir + "age-key.txt")));
        EncryptedDocument before = document(dir + "j.before.enc.yaml");
        EncryptedDocument after = document(dir + "j.after.enc.yaml");
        try (DecryptedFile f = sops.decrypt(before, DecryptOptions.DEFAULTS);
                DecryptedFile expected = sops.decrypt(after, DecryptOptions.DEFAULTS)) {
            Mapping tree = f.branches().get(0);
            Mapping app = (Mapping) tree.get("app").orElseThrow();
            Sequence tags = (Sequence) app.get("tags").orElseThrow();
            List<dev.sops4j.core.tree.Element> newTags = new ArrayList<>(tags.items());
            newTags.add(new StrValue("c"));
            // sops set parses a scalar JSON number with encoding/json: a float64.
            app = app.with("port", new dev.sops4j.core.tree.FloatValue(9090)).with("tags", new Sequence(newTags));
            Mapping secrets = ((Mapping) tree.get("secrets").orElseThrow()).with("password", new StrValue("after-pass"));
            Mapping edited = tree.with("app", app).with("secrets", secrets);
            assertEquals(expected.branches().get(0), edited);

            EncryptedDocument mine = sops.reencrypt(f.withBranches(List.of(edited)));
            Mapping a = mine.branches().get(0);
            Mapping b = after.branches().get(0);
            // Unchanged values keep the ciphertext sops also kept; the three edited ones are new.
            for (String[] path : new String[][] {{"app", "name"}, {"secrets", "token"}}) {
                assertEquals(value(b, path), value(a, path));
                assertEquals(value(before.branches().get(0), path), value(a, path));
            }
            Sequence myTags = (Sequence) ((Mapping) a.get("app").orElseThrow()).get("tags").orElseThrow();
            Sequence theirTags = (Sequence) ((Mapping) b.get("app").orElseThrow()).get("tags").orElseThrow();
            assertEquals(theirTags.items().subList(0, 2), myTags.items().subList(0, 2));
            String port = ((StrValue) value(a, new String[] {"app", "port"})).value();
            assertEquals(true, port.endsWith(",type:float]"), port);
            try (DecryptedFile back = sops.decrypt(mine, DecryptOptions.DEFAULTS)) {
                assertEquals(List.of(edited), back.branches());
            }
        }
    }

    private static dev.sops4j.core.tree.Node value(Mapping m, String[] path) {
        dev.sops4j.core.tree.Node n = m;
        for (String k : path) {
            n = ((Mapping) n).get(k).orElseThrow();
        }
        return n;
    }
}
