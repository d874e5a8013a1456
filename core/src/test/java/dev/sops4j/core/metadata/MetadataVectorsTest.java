package dev.sops4j.core.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.engine.SnakeTrees;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.store.json.JsonStore;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.testing.SharedData;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every metadata layout found in real files, from Python-era sops 1.13 to 3.13.3. */
class MetadataVectorsTest {

    private static Mapping metadataOf(String path) {
        if (path.endsWith(".json")) {
            return new JsonStore(-1).parseEncrypted(SharedData.bytes(path)).metadata();
        }
        return (Mapping) SnakeTrees.load(SharedData.text(path)).get("sops").orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sops-vectors/sops-repo/config/test_resources/example.yaml|1.13|1|pgp|2016-08-02T18:34:06Z",
        "sops-vectors/sops-repo/stores/ini/test_resources/example.json|1.13|1|kms,pgp|2016-08-04T23:30:35Z",
        "sops-vectors/sops-repo/functional-tests/res/multiple_keys.yaml|3.3.1|1|pgp,pgp|",
        "sops-vectors/sops-repo/functional-tests/res/comments.enc.yaml|3.6.1|1|pgp|",
        "sops-vectors/sops-repo/example.yaml|3.10.2|1|pgp,pgp|",
        "sops-vectors/sops-repo/example.json|3.5.0|1|pgp,pgp|2019-12-10T22:45:55Z",
        "sops-vectors/sops-repo/functional-tests/res/format.enc.yaml|3.13.1|1|pgp|",
        "sops-vectors/sops-repo/functional-tests/res/no_mac.yaml|3.3.1|1|pgp|",
        "sops-vectors/real-sops-3.13.2/a.enc.yaml|3.13.2|1|age|",
        "sops-vectors/real-sops-3.13.2/shamir/i.enc.yaml|3.13.2|3|age;age;age|2026-11-22T20:17:54Z",
        "sops-vectors/synthetic/shamir-2of2.pgp.SYNTHETIC.yaml|3.13.2|2|pgp;pgp|",
    })
    void readsEveryLayout(String path, String version, int groups, String types, String lastModified) {
        Metadata md = MetadataCodec.read(metadataOf(path));
        assertEquals(version, md.version());
        assertEquals(groups, md.keyGroups().size());
        String got = String.join(";", md.keyGroups().stream()
                .map(g -> String.join(",", g.keys().stream().map(KeyRef::type).toList())).toList());
        assertEquals(types, got);
        if (lastModified != null) {
            assertEquals(lastModified, md.lastModified());
        }
        assertTrue(md.rule().isPresent() || md.version().startsWith("3.13"));
        // Writing and reading back keeps everything.
        Metadata again = MetadataCodec.read(MetadataCodec.write(md));
        assertEquals(MetadataCodec.write(md), MetadataCodec.write(again));
        assertEquals(md.keyGroups(), again.keyGroups());
        assertEquals(List.of(md.lastModified(), md.mac(), md.version()),
                List.of(again.lastModified(), again.mac(), again.version()));
    }
}
