package dev.sops4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    private static final Path FILE = Path.of("/repo/.sops.yaml");
    private final ConfigParser parser = new ConfigParser(
            new KeyRefFactory(Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC)));

    private SopsConfig parse(String yaml) {
        return parser.parse(yaml, FILE);
    }

    @Test
    void flatKeysInSopsOrderWithDedupe() {
        SopsConfig c = parse("""
                creation_rules:
                  - path_regex: \\.prod\\.yaml$
                    kms: arn:aws:kms:eu-west-1:1:key/a+arn:aws:iam::1:role/r, arn:aws:kms:eu-west-1:1:key/b
                    aws_profile: prod
                    pgp: "AAAA BBBB"
                    age:
                      - age1one,age1two
                      - age1one
                    shamir_threshold: 1
                    encrypted_regex: ^(data|stringData)$
                    mac_only_encrypted: true
                  - age: age1fallback
                """);
        CreationRule r = c.creationRules().get(0);
        List<KeyRef> keys = r.keyGroups().get(0).keys();
        assertEquals(List.of(AgeKeyRef.of("age1one"), AgeKeyRef.of("age1two"),
                new PgpKeyRef("AAAABBBB", "2026-01-02T03:04:05Z", ""),
                new KmsKeyRef("arn:aws:kms:eu-west-1:1:key/a", "arn:aws:iam::1:role/r", Map.of(), "prod",
                        "2026-01-02T03:04:05Z", ""),
                new KmsKeyRef("arn:aws:kms:eu-west-1:1:key/b", "", Map.of(), "prod", "2026-01-02T03:04:05Z", "")), keys);
        assertEquals(1, r.shamirThreshold());
        assertEquals(Optional.of(new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_REGEX, "^(data|stringData)$")),
                r.encryptionRule());
        assertTrue(r.macOnlyEncrypted());
        assertEquals(2, r.line());
    }

    @Test
    void firstMatchingRuleWinsRelativeToTheConfigDirectory() {
        SopsConfig c = parse("""
                creation_rules:
                  - path_regex: ^secrets/.*\\.yaml$
                    age: age1a
                  - path_regex: dev
                    age: age1b
                  - age: age1c
                """);
        assertEquals("age1a", recipient(c, "/repo/secrets/x.yaml"));
        assertEquals("age1b", recipient(c, "/repo/other/dev.json"));
        assertEquals("age1c", recipient(c, "/elsewhere/secrets/x.yaml"));
    }

    @Test
    void noMatchingRuleIsAnErrorNamingTheFile() {
        SopsConfig c = parse("creation_rules:\n  - path_regex: ^x$\n    age: age1a\n");
        ConfigException e = assertThrows(ConfigException.class, () -> c.requireRuleFor(Path.of("/repo/y")));
        assertTrue(e.getMessage().startsWith("error loading config: no matching creation rules found"), e.getMessage());
    }

    @Test
    void keyGroupsWithMergeAndKmsContext() {
        SopsConfig c = parse("""
                creation_rules:
                  - age: age1ignored
                    key_groups:
                      - merge:
                          - age: [age1m]
                        age: [age1g1, age1m]
                        kms:
                          - arn: arn:k
                            role: r
                            context: {app: web, env: prod}
                            aws_profile: p
                      - pgp: [FP2]
                    shamir_threshold: 2
                """);
        CreationRule r = c.creationRules().get(0);
        assertEquals(2, r.keyGroups().size());
        assertEquals(List.of(AgeKeyRef.of("age1m"), AgeKeyRef.of("age1g1"),
                new KmsKeyRef("arn:k", "r", Map.of("app", "web", "env", "prod"), "p", "2026-01-02T03:04:05Z", "")),
                r.keyGroups().get(0).keys());
        assertEquals(List.of("app", "env"),
                List.copyOf(((KmsKeyRef) r.keyGroups().get(0).keys().get(2)).context().keySet()));
        assertEquals(List.of(new PgpKeyRef("FP2", "2026-01-02T03:04:05Z", "")), r.keyGroups().get(1).keys());
    }

    @Test
    void storesIndentsAndUnknownKeysIgnored() {
        SopsConfig c = parse("""
                something_new: {a: 1}
                destination_rules: [{path_regex: x, s3_bucket: b}]
                stores:
                  yaml: {indent: 2}
                  json: {indent: 4}
                  json_binary: {indent: -1}
                  dotenv: {}
                creation_rules:
                  - age: age1a
                    future_option: 3
                """);
        assertEquals(new StoreSettings(2, 4, -1), c.stores());
        assertEquals(1, c.creationRules().size());
    }

    @Test
    void emptyFileHasNoRules() {
        SopsConfig c = parse("");
        assertEquals(List.of(), c.creationRules());
        assertEquals(StoreSettings.DEFAULTS, c.stores());
    }

    @Test
    void twoEncryptionRulesAreRejectedWithTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                creation_rules:
                  - age: age1a
                    encrypted_suffix: _enc
                    unencrypted_regex: ^x
                """));
        assertTrue(e.getMessage().startsWith("error loading config file /repo/.sops.yaml: line 4: cannot use more than one"),
                e.getMessage());
        assertEquals(ExitCode.GENERIC, e.exitCode());
    }

    @Test
    void brokenYamlNamesTheLineOnOneLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("creation_rules:\n  - age: age1a\n    pgp: [unclosed\n"));
        assertTrue(e.getMessage().startsWith("error loading config file /repo/.sops.yaml: line "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void wrongTypesNameTheLine() {
        assertEquals("error loading config file /repo/.sops.yaml: line 3: shamir_threshold must be an integer, got 'two'",
                assertThrows(ConfigException.class, () -> parse(
                        "creation_rules:\n  - age: a\n    shamir_threshold: two\n")).getMessage());
        assertEquals("error loading config file /repo/.sops.yaml: line 1: creation_rules must be a list",
                assertThrows(ConfigException.class, () -> parse("creation_rules: {a: 1}\n")).getMessage());
        assertEquals("error loading config file /repo/.sops.yaml: line 2: invalid path_regex '(' : "
                .replace("' : ", "': ") + "missing closing )",
                assertThrows(ConfigException.class, () -> parse("creation_rules:\n  - path_regex: (\n    age: a\n"))
                        .getMessage());
    }

    @Test
    void pathRegexIsGoSyntaxAndLinear() {
        SopsConfig c = parse("creation_rules:\n  - path_regex: (.*a){25}$\n    age: a\n  - age: b\n");
        java.nio.file.Path target = java.nio.file.Path.of("/repo/" + "a".repeat(40) + "b");
        CreationRule r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> c.ruleFor(target).orElseThrow());
        assertEquals(4, r.line());
        assertEquals(2, parse("creation_rules:\n  - path_regex: (?P<n>prod)/[[:alpha:]]+\\.yaml\\z\n    age: a\n")
                .creationRules().get(0).line());
        assertEquals("error loading config file /repo/.sops.yaml: line 2: invalid path_regex '\\Z': "
                + "invalid escape sequence",
                assertThrows(ConfigException.class, () -> parse("creation_rules:\n  - path_regex: \\Z\n    age: a\n"))
                        .getMessage());
    }

    @Test
    void cloudKeysFlatAndInGroups() {
        SopsConfig c = parse("creation_rules:\n"
                + "  - gcp_kms: projects/p/locations/l/keyRings/r/cryptoKeys/k\n"
                + "    azure_keyvault: https://v.vault.azure.net/keys/k/0123,https://v.vault.azure.net/keys/latest\n"
                + "    hc_vault_transit_uri: http://127.0.0.1:8200/v1/team/transit/keys/app\n"
                + "    hckms: [tr-west-1:0a1b]\n"
                + "    age: age1a\n"
                + "  - key_groups:\n"
                + "      - gcp_kms: [{resource_id: projects/p/locations/l/keyRings/r/cryptoKeys/g}]\n"
                + "        azure_keyvault: [{vaultUrl: 'https://v.vault.azure.net', key: k, version: '9'}]\n"
                + "        hc_vault: [https://vault:8200/v1/transit/keys/g]\n"
                + "        hckms: [{key_id: 'eu-west-0:ff'}]\n");
        assertEquals(List.of("age:age1a", "gcp_kms:projects/p/locations/l/keyRings/r/cryptoKeys/k",
                        "hckms:tr-west-1:0a1b", "azure_kv:https://v.vault.azure.net/keys/k/0123",
                        "azure_kv:https://v.vault.azure.net/keys/latest",
                        "hc_vault:http://127.0.0.1:8200/v1/team/transit/keys/app"),
                c.creationRules().get(0).keyGroups().get(0).keys().stream().map(KeyRef::identity).toList());
        HcVaultKeyRef vault = (HcVaultKeyRef) c.creationRules().get(0).keyGroups().get(0).keys().get(5);
        assertEquals(List.of("http://127.0.0.1:8200", "team/transit", "app"),
                List.of(vault.vaultAddress(), vault.enginePath(), vault.keyName()));
        assertEquals(List.of("gcp_kms:projects/p/locations/l/keyRings/r/cryptoKeys/g", "hckms:eu-west-0:ff",
                        "azure_kv:https://v.vault.azure.net/keys/k/9", "hc_vault:https://vault:8200/v1/transit/keys/g"),
                c.creationRules().get(1).keyGroups().get(0).keys().stream().map(KeyRef::identity).toList());
    }

    @Test
    void malformedCloudKeyIdsNameTheLine() {
        assertEquals("error loading config file /repo/.sops.yaml: line 2: vault path does not seem to be formatted "
                        + "correctly: (eg. https://vault.example.com:8200/v1/transit/keys/keyName), got: https://v/x",
                assertThrows(ConfigException.class,
                        () -> parse("creation_rules:\n  - hc_vault_transit_uri: https://v/x\n")).getMessage());
        assertEquals("error loading config file /repo/.sops.yaml: line 2: invalid HuaweiCloud KMS key ID format: "
                        + "expected 'region:key-uuid', got 'abc'",
                assertThrows(ConfigException.class, () -> parse("creation_rules:\n  - hckms: [abc]\n")).getMessage());
    }

    @Test
    void nexusKeysFlatAndInGroups() {
        SopsConfig c = parse("creation_rules:\n  - nexus: team-a/app,team-b/x\n    age: age1a\n"
                + "  - key_groups:\n      - nexus: [g/one]\n");
        List<KeyRef> flat = c.creationRules().get(0).keyGroups().get(0).keys();
        assertEquals(List.of("age:age1a", "nexus:team-a/app", "nexus:team-b/x"),
                flat.stream().map(KeyRef::identity).toList());
        assertEquals("nexus:g/one", c.creationRules().get(1).keyGroups().get(0).keys().get(0).identity());
    }

    private static String recipient(SopsConfig c, String path) {
        return ((AgeKeyRef) c.requireRuleFor(Path.of(path)).keyGroups().get(0).keys().get(0)).recipient();
    }

    /** sops ignores unknown keys; sops4j still does, but names each one with its line and the key meant. */
    @Test
    void unknownKeysAtEveryLevelAreWarningsWithTheClosestKnownKey() {
        SopsConfig c = parse("""
                creation_rules:
                  - path_regx: ^prod/
                    age: age1one
                  - key_groups:
                      - agee: [age1two]
                        kms:
                          - arn: arn:aws:kms:eu-west-1:1:key/a
                            rolee: r
                destination_rules:
                  - s3_bucket: b
                    recreation_rule:
                      encrypted_regx: x
                stores:
                  yaml:
                    indnet: 2
                colour: blue
                """);
        assertEquals(List.of(
                "/repo/.sops.yaml:2: unknown key 'path_regx' in a creation rule (did you mean 'path_regex'?); it is ignored",
                "/repo/.sops.yaml:5: unknown key 'agee' in a key group (did you mean 'age'?); it is ignored",
                "/repo/.sops.yaml:8: unknown key 'rolee' in a kms key (did you mean 'role'?); it is ignored",
                "/repo/.sops.yaml:12: unknown key 'encrypted_regx' in a creation rule (did you mean 'encrypted_regex'?);"
                        + " it is ignored",
                "/repo/.sops.yaml:15: unknown key 'indnet' in a store (did you mean 'indent'?); it is ignored",
                "/repo/.sops.yaml:16: unknown key 'colour' in the top level; it is ignored"),
                c.warnings().stream().map(ConfigWarning::message).toList());
        // the rule without its path_regex is a catch-all, exactly as in sops: the warning is what tells
        assertTrue(c.creationRules().get(0).matches("anything.yaml"));
    }

    @Test
    void knownKeysGiveNoWarning() {
        SopsConfig c = parse("""
                creation_rules:
                  - path_regex: x
                    key_groups:
                      - merge:
                          - age: [a]
                        gcp_kms: [{resource_id: projects/p/locations/l/keyRings/r/cryptoKeys/k}]
                        azure_keyvault: [{vaultUrl: 'https://v.vault.azure.net', key: k, version: v}]
                        hckms: [{key_id: 'eu-west-0:k'}]
                        kms: [{arn: a, role: r, context: {anything: x}, aws_profile: p}]
                stores: {json: {indent: 2}, dotenv: {}, ini: {}, json_binary: {indent: 1}}
                """.replace("age: [a]", "age: [age1one]"));
        assertEquals(List.of(), c.warnings());
    }
}
