package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the real sops 3.13.2 CLI printed in the recorded conformance scenarios, for the YAML store's part. */
class ConformanceOutputTest {
    private final YamlStore store = new YamlStore(4);

    private static String stdout(String id) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(SharedData.bytes("conformance/scenarios.json"))) {
            p.nextToken();
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) read(p);
            for (Object o : (List<?>) root.get("scenarios")) {
                Map<?, ?> s = (Map<?, ?>) o;
                if (id.equals(s.get("id"))) {
                    return (String) s.get("stdout");
                }
            }
        }
        throw new AssertionError("no scenario " + id);
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, read(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(read(p));
            }
            return l;
        }
        return t == JsonToken.VALUE_STRING ? p.getText() : t == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private String decryptedForm(String fixture) {
        List<Mapping> branches = store.parsePlain(SharedData.bytes("conformance/fixtures/" + fixture));
        return new String(store.emitPlain(branches.stream().map(YamlVectorsTest::withoutInline).toList()),
                StandardCharsets.UTF_8);
    }

    @Test
    void decryptOfTheEncryptedSecretsPrintsTheirPlaintextAsSopsWritesIt() throws IOException {
        assertEquals(stdout("decrypt-yaml"), decryptedForm("secrets.yaml"));
    }

    @Test
    void execFileSeesTheFlatFileAsSopsWritesIt() throws IOException {
        assertEquals(stdout("exec-file-cat"), decryptedForm("flat.yaml"));
    }

    @Test
    void iniTreeWrittenAsYaml() throws IOException {
        Mapping ini = Mapping.of(new Pair("DEFAULT", Mapping.empty()),
                new Pair("database", Mapping.of(new Comment("global comment"), new Pair("host", new StrValue("db.local")),
                        new Pair("password", new StrValue("topsecret")))),
                new Pair("service", Mapping.of(new Pair("name", new StrValue("api")),
                        new Pair("port", new StrValue("9000")))));
        assertEquals(stdout("convert-ini-to-yaml"), new String(store.emitPlain(List.of(ini)), StandardCharsets.UTF_8));
    }

    @Test
    void extractedValues() throws IOException {
        Mapping secrets = store.parseEncrypted(SharedData.bytes("conformance/fixtures/secrets.enc.yaml")).branches().get(0);
        Mapping plain = store.parsePlain(SharedData.bytes("conformance/fixtures/secrets.yaml")).get(0);
        Mapping database = (Mapping) plain.get("database").orElseThrow();
        assertEquals(stdout("extract-scalar"),
                new String(store.emitValue(database.get("password").orElseThrow()), StandardCharsets.UTF_8));
        assertEquals(stdout("extract-subtree-yaml"),
                new String(store.emitValue(database.get("replicas").orElseThrow()), StandardCharsets.UTF_8));
        assertEquals(List.of("database", "servers", "description", "folded", "public_unencrypted", "empty_string",
                "nothing", "api"), secrets.pairs().stream().map(Pair::key).toList());
    }
}
