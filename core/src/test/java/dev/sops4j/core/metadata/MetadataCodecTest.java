package dev.sops4j.core.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.keys.UnknownKeyRef;
import dev.sops4j.core.store.json.JsonStore;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetadataCodecTest {
    private static final JsonStore JSON = new JsonStore(-1);

    private static Mapping json(String s) {
        return JSON.parsePlain(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8)).get(0);
    }

    private static String emit(Mapping m) {
        return new String(new JsonStore(1).emitValue(m), StandardCharsets.UTF_8);
    }

    @Test
    void readsTheSops350LayoutWithNullLists() {
        Mapping raw = JSON.parseEncrypted(SharedData.bytes("sops-vectors/sops-repo/example.json")).metadata();
        Metadata md = MetadataCodec.read(raw);
        assertEquals(1, md.keyGroups().size());
        List<?> keys = md.keyGroups().get(0).keys();
        assertEquals(2, keys.size());
        PgpKeyRef first = (PgpKeyRef) keys.get(0);
        assertEquals("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", first.fingerprint());
        assertEquals("2019-12-10T22:45:55Z", first.createdAt());
        assertTrue(first.enc().startsWith("-----BEGIN PGP MESSAGE-----\n"));
        assertEquals("2019-12-10T22:45:55Z", md.lastModified());
        assertEquals(Optional.of(EncryptionRule.DEFAULT), md.rule());
        assertEquals("3.5.0", md.version());
        assertEquals(0, md.shamirThreshold());
    }

    @Test
    void readsWeaklyTypedValuesFromDotenvAndIni() {
        Metadata md = MetadataCodec.read(json("{'age': [{'recipient': 'age1x', 'enc': 'E'}],"
                + " 'shamir_threshold': '2', 'mac_only_encrypted': 'true', 'lastmodified': '2020-01-01T00:00:00Z',"
                + " 'mac': '', 'version': 3.5, 'encrypted_regex': '^a', 'attention': 'ignored'}"));
        assertEquals(2, md.shamirThreshold());
        assertTrue(md.macOnlyEncrypted());
        assertEquals("3.5", md.version());
        assertEquals(Optional.of(new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_REGEX, "^a")), md.rule());
        assertEquals(List.of(new KeyGroup(List.of(new AgeKeyRef("age1x", "E")))), md.keyGroups());
    }

    @Test
    void topLevelKeysWinOverKeyGroupsAndGroupsLoadInSopsOrder() {
        Metadata md = MetadataCodec.read(json("{'key_groups': [{'age': [{'recipient': 'g', 'enc': 'x'}]}],"
                + " 'age': [{'recipient': 'a', 'enc': 'x'}], 'pgp': [{'fp': 'F', 'enc': 'y', 'created_at': 'c'}],"
                + " 'kms': [{'arn': 'arn:1', 'enc': 'k', 'context': {'b': '2', 'a': '1'}, 'created_at': 'c'}],"
                + " 'lastmodified': '2020-01-01T00:00:00Z'}"));
        assertEquals(1, md.keyGroups().size());
        List<?> keys = md.keyGroups().get(0).keys();
        assertEquals(List.of("kms", "pgp", "age"), keys.stream().map(k -> ((dev.sops4j.core.keys.KeyRef) k).type()).toList());
        assertEquals(Map.of("b", "2", "a", "1"), ((KmsKeyRef) keys.get(0)).context());
    }

    @Test
    void unknownKeyTypesAreKeptVerbatimAndWrittenBackSorted() {
        Mapping raw = json("{'gcp_kms': [{'resource_id': 'projects/p', 'enc': 'G', 'created_at': 'c'}],"
                + " 'stackit_kms': [{'key_id': 'k1', 'enc': 'S'}], 'lastmodified': '2020-01-01T00:00:00Z',"
                + " 'mac': 'M', 'version': '3.13.2'}");
        Metadata md = MetadataCodec.read(raw);
        List<?> keys = md.keyGroups().get(0).keys();
        assertEquals(new dev.sops4j.core.keys.GcpKmsKeyRef("projects/p", "c", "G"), keys.get(0));
        assertEquals("stackit_kms", ((UnknownKeyRef) keys.get(1)).type());
        assertEquals("{\n \"gcp_kms\": [\n  {\n   \"created_at\": \"c\",\n   \"enc\": \"G\",\n   \"resource_id\":"
                + " \"projects/p\"\n  }\n ],\n \"lastmodified\": \"2020-01-01T00:00:00Z\",\n \"mac\": \"M\",\n"
                + " \"stackit_kms\": [\n  {\n   \"enc\": \"S\",\n   \"key_id\": \"k1\"\n  }\n ],\n"
                + " \"version\": \"3.13.2\"\n}", emit(MetadataCodec.write(md)));
    }

    @Test
    void cloudKeyTypesAreReadAndWrittenInThe313Layout() {
        String text = "{\n \"azure_kv\": [\n  {\n   \"created_at\": \"2026-01-01T00:00:00Z\",\n   \"enc\": \"QQ\",\n"
                + "   \"name\": \"k\",\n   \"vault_url\": \"https://v.vault.azure.net\",\n   \"version\": \"0a\"\n  }\n ],\n"
                + " \"gcp_kms\": [\n  {\n   \"created_at\": \"2026-01-01T00:00:00Z\",\n   \"enc\": \"Rw==\",\n"
                + "   \"resource_id\": \"projects/p/locations/l/keyRings/r/cryptoKeys/k\"\n  }\n ],\n"
                + " \"hc_vault\": [\n  {\n   \"created_at\": \"2026-01-01T00:00:00Z\",\n   \"enc\": \"vault:v1:eA==\",\n"
                + "   \"engine_path\": \"team/transit\",\n   \"key_name\": \"app\",\n"
                + "   \"vault_address\": \"https://vault:8200\"\n  }\n ],\n"
                + " \"hckms\": [\n  {\n   \"created_at\": \"2026-01-01T00:00:00Z\",\n   \"enc\": \"SA\",\n"
                + "   \"key_id\": \"tr-west-1:0a\"\n  }\n ],\n"
                + " \"lastmodified\": \"2020-01-01T00:00:00Z\",\n \"mac\": \"M\",\n \"version\": \"3.13.2\"\n}";
        Metadata md = MetadataCodec.read(json(text.replace('"', '\'')));
        assertEquals(List.of("gcp_kms", "hckms", "azure_kv", "hc_vault"),
                md.keyGroups().get(0).keys().stream().map(dev.sops4j.core.keys.KeyRef::type).toList());
        assertEquals(new dev.sops4j.core.keys.HcVaultKeyRef("https://vault:8200", "team/transit", "app",
                "2026-01-01T00:00:00Z", "vault:v1:eA=="), md.keyGroups().get(0).keys().get(3));
        assertEquals(text, emit(MetadataCodec.write(md)));
    }

    @Test
    void writesThe313LayoutForOneGroup() {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("z", "1");
        ctx.put("a", "2");
        Metadata md = new Metadata(List.of(new KeyGroup(List.of(
                new PgpKeyRef("FP", "2020-01-01T00:00:00Z", "P"),
                new NexusKeyRef("team/key", "2020-01-02T00:00:00Z", "N"),
                new KmsKeyRef("arn:aws:kms:r:1:key/x", "", ctx, "", "2020-01-03T00:00:00Z", "K"),
                new AgeKeyRef("age1r", "A")))), 0, "2020-01-04T00:00:00Z", "ENC[mac]",
                Optional.of(EncryptionRule.DEFAULT), true, "3.13.2");
        assertEquals("{\n \"age\": [\n  {\n   \"enc\": \"A\",\n   \"recipient\": \"age1r\"\n  }\n ],\n"
                + " \"kms\": [\n  {\n   \"arn\": \"arn:aws:kms:r:1:key/x\",\n   \"aws_profile\": \"\",\n"
                + "   \"context\": {\n    \"a\": \"2\",\n    \"z\": \"1\"\n   },\n   \"created_at\": \"2020-01-03T00:00:00Z\",\n"
                + "   \"enc\": \"K\"\n  }\n ],\n \"lastmodified\": \"2020-01-04T00:00:00Z\",\n \"mac\": \"ENC[mac]\",\n"
                + " \"mac_only_encrypted\": true,\n \"nexus\": [\n  {\n   \"created_at\": \"2020-01-02T00:00:00Z\",\n"
                + "   \"enc\": \"N\",\n   \"name\": \"team/key\"\n  }\n ],\n \"pgp\": [\n  {\n"
                + "   \"created_at\": \"2020-01-01T00:00:00Z\",\n   \"enc\": \"P\",\n   \"fp\": \"FP\"\n  }\n ],\n"
                + " \"unencrypted_suffix\": \"_unencrypted\",\n \"version\": \"3.13.2\"\n}",
                emit(MetadataCodec.write(md)));
        // Reading puts keys in sops' load order (kms, ..., pgp, age, nexus); writing is alphabetical anyway.
        assertEquals(MetadataCodec.write(md), MetadataCodec.write(MetadataCodec.read(MetadataCodec.write(md))));
    }

    @Test
    void writesKeyGroupsWithEmptyHcVaultAndAgeLists() {
        Metadata md = new Metadata(List.of(new KeyGroup(List.of(new PgpKeyRef("A", "c", "x"))),
                new KeyGroup(List.of(new AgeKeyRef("age1b", "y")))), 2, "2020-01-04T00:00:00Z", "M",
                Optional.empty(), false, "3.13.2");
        assertEquals("{\n \"key_groups\": [\n  {\n   \"age\": [],\n   \"hc_vault\": [],\n   \"pgp\": [\n    {\n"
                + "     \"created_at\": \"c\",\n     \"enc\": \"x\",\n     \"fp\": \"A\"\n    }\n   ]\n  },\n  {\n"
                + "   \"age\": [\n    {\n     \"enc\": \"y\",\n     \"recipient\": \"age1b\"\n    }\n   ],\n"
                + "   \"hc_vault\": []\n  }\n ],\n \"lastmodified\": \"2020-01-04T00:00:00Z\",\n \"mac\": \"M\",\n"
                + " \"shamir_threshold\": 2,\n \"version\": \"3.13.2\"\n}", emit(MetadataCodec.write(md)));
        assertEquals(md, MetadataCodec.read(MetadataCodec.write(md)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'lastmodified': '2020-01-01T00:00:00Z'}|No keys found in file",
        "{'age': [], 'kms': null, 'lastmodified': '2020-01-01T00:00:00Z'}|No keys found in file",
        "{'age': [{'recipient': 'r', 'enc': 'e'}]}|Invalid sops metadata: field 'sops.lastmodified' is missing",
        "{'age': [{'recipient': 'r', 'enc': 'e'}], 'lastmodified': 'yesterday'}|Invalid sops metadata: field 'sops.lastmodified' is not an RFC 3339 time",
        "{'age': [{'recipient': ['r'], 'enc': 'e'}], 'lastmodified': '2020-01-01T00:00:00Z'}|Invalid sops metadata: field 'sops.age[0].recipient' must be a string, got a list",
        "{'age': {'recipient': 'r'}, 'lastmodified': '2020-01-01T00:00:00Z'}|Invalid sops metadata: field 'sops.age' must be a list, got a mapping",
        "{'pgp': ['x'], 'lastmodified': '2020-01-01T00:00:00Z'}|Invalid sops metadata: field 'sops.pgp[0]' must be a mapping, got a string",
        "{'age': [{'recipient': 'r', 'enc': 'e'}], 'lastmodified': '2020-01-01T00:00:00Z', 'shamir_threshold': 'two'}|Invalid sops metadata: field 'sops.shamir_threshold' must be an integer, got a string that is not one",
        "{'age': [{'recipient': 'r', 'enc': 'e'}], 'lastmodified': '2020-01-01T00:00:00Z', 'mac_only_encrypted': {}}|Invalid sops metadata: field 'sops.mac_only_encrypted' must be a boolean, got a mapping",
        "{'age': [{'recipient': 'r', 'enc': 'e'}], 'lastmodified': '2020-01-01T00:00:00Z', 'mac': {}}|Invalid sops metadata: field 'sops.mac' must be a string, got a mapping",
        "{'age': [{'recipient': 'r', 'enc': 'e'}], 'lastmodified': '2020-01-01T00:00:00Z', 'encrypted_regex': 'a', 'unencrypted_suffix': 'b'}|Invalid sops metadata: 'unencrypted_suffix' and 'encrypted_regex' are both set; only one is allowed",
        "{'key_groups': [{'kms': [{'arn': 'a', 'context': 'c'}]}], 'lastmodified': '2020-01-01T00:00:00Z'}|Invalid sops metadata: field 'sops.key_groups[0].kms[0].context' must be a mapping, got a string",
    })
    void badMetadataIsAOneLineMetadataError(String raw, String message) {
        MetadataException e = assertThrows(MetadataException.class, () -> MetadataCodec.read(json(raw)));
        assertEquals(message, e.getMessage());
        assertEquals(ExitCode.GENERIC, e.exitCode());
    }
}
