package dev.sops4j.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.Cli;
import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ops.KeyGroups;
import dev.sops4j.cli.options.KeyOptions;
import dev.sops4j.core.config.ConfigParser;
import dev.sops4j.core.config.KeyRefFactory;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.metadata.MetadataCodec;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.yaml.YamlStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Executes the examples of {@code docs/key-services.md}: every {@code .sops.yaml} block is parsed and must yield
 * keys of its section's type, every "In a file" block must read and write back byte for byte, and every shell line
 * must parse with the CLI's own flags (environment-variable forms must produce a key of the section's type).
 */
class KeyServicesDocTest {
    static final Map<String, String> SECTIONS = Map.of("## HashiCorp Vault", "hc_vault", "## Google Cloud KMS",
            "gcp_kms", "## Azure Key Vault", "azure_kv", "## HuaweiCloud KMS", "hckms");
    static final Pattern BLOCK = Pattern.compile("```(yaml|sh)\n(.*?)```", Pattern.DOTALL);

    record Example(String type, String lang, String text) {
    }

    static List<Example> examples() throws IOException {
        Path doc = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "key-services.md");
        if (!Files.exists(doc)) {
            doc = Path.of("..", "docs", "key-services.md");
        }
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        for (String section : text.split("(?m)^(?=## )")) {
            String type = SECTIONS.entrySet().stream().filter(e -> section.startsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (type == null) {
                continue;
            }
            Matcher m = BLOCK.matcher(section);
            while (m.find()) {
                out.add(new Example(type, m.group(1), m.group(2)));
            }
        }
        return out;
    }

    @Test
    void everyServiceHasAllThreeKindsOfExample() throws IOException {
        Map<String, Long> perType = examples().stream().collect(Collectors.groupingBy(Example::type,
                Collectors.counting()));
        assertEquals(Set.of("hc_vault", "gcp_kms", "azure_kv", "hckms"), perType.keySet());
        perType.values().forEach(n -> assertEquals(3L, n));
    }

    @Test
    void publishExampleParsesToOneRulePerDestination() throws IOException {
        Path doc = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "key-services.md");
        String text = Files.readString(Files.exists(doc) ? doc : Path.of("..", "docs", "key-services.md"));
        String section = text.substring(text.indexOf("## Publishing"));
        Matcher m = BLOCK.matcher(section);
        assertTrue(m.find());
        SopsConfig c = new ConfigParser(new KeyRefFactory(Clock.systemUTC())).parse(m.group(2),
                Path.of("/repo/.sops.yaml"));
        assertEquals(List.of("s3://acme-secrets/team/db.yaml", "gcs://acme-secrets/team/db.yaml",
                        "https://vault.example.com:8200/v1/secret/data/apps/prod/db.yaml"),
                c.destinationRules().stream().map(r -> r.destination().path("db.yaml")).toList());
        assertEquals("age", c.requireDestinationFor("gcs/a.yaml").recreationRule().orElseThrow().keyGroups().get(0)
                .keys().get(0).type());
        assertTrue(c.requireDestinationFor("vault/a.yaml").omitExtensions());
    }

    @Test
    void sopsYamlExamplesParseToKeysOfTheirType() throws IOException {
        ConfigParser parser = new ConfigParser(new KeyRefFactory(Clock.systemUTC()));
        int seen = 0;
        for (Example e : examples()) {
            if (!e.text().startsWith("creation_rules:")) {
                continue;
            }
            SopsConfig c = parser.parse(e.text(), Path.of("/repo/.sops.yaml"));
            assertEquals(2, c.creationRules().size(), e.text());
            for (var rule : c.creationRules()) {
                for (KeyGroup g : rule.keyGroups()) {
                    assertTrue(g.keys().stream().anyMatch(k -> k.type().equals(e.type())), e.text());
                }
            }
            seen++;
        }
        assertEquals(4, seen);
    }

    @Test
    void inFileExamplesReadAndWriteBackUnchanged() throws IOException {
        YamlStore store = new YamlStore(4);
        int seen = 0;
        for (Example e : examples()) {
            if (!e.text().startsWith("sops:")) {
                continue;
            }
            String file = "a: ENC[AES256_GCM,data:AA==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,"
                    + "tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n" + e.text();
            EncryptedDocument doc = store.parseEncrypted(file.getBytes(StandardCharsets.UTF_8));
            var md = MetadataCodec.read(doc.metadata());
            assertEquals(e.type(), md.keyGroups().get(0).keys().get(0).type());
            String back = new String(store.emitEncrypted(doc.branches(), MetadataCodec.write(md)),
                    StandardCharsets.UTF_8);
            assertEquals(file, back);
            seen++;
        }
        assertEquals(4, seen);
    }

    @Test
    void shellExamplesUseTheCliFlagsAndVariables() throws IOException {
        int seen = 0;
        for (Example e : examples()) {
            if (!e.lang().equals("sh")) {
                continue;
            }
            for (String line : e.text().split("\n")) {
                List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
                Map<String, String> vars = new HashMap<>();
                while (words.get(0).matches("[A-Z0-9_]+=.*")) {
                    String w = words.remove(0);
                    vars.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
                }
                assertEquals("sops4j", words.remove(0), line);
                var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                Environment env = new Environment(vars, Path.of("/tmp"), Path.of("/tmp"));
                var cl = new Cli(new CliContext(env, new ByteArrayInputStream(new byte[0]), out, out, false))
                        .commandLine();
                cl.parseArgs(words.toArray(String[]::new));
                if (!vars.isEmpty()) {
                    List<KeyRef> keys = KeyGroups.fromFlags(new KeyOptions(), env, new KeyRefFactory(Clock.systemUTC()));
                    assertEquals(List.of(e.type()), keys.stream().map(KeyRef::type).toList(), line);
                }
                assertFalse(words.isEmpty());
                seen++;
            }
        }
        assertEquals(12, seen);
    }
}
