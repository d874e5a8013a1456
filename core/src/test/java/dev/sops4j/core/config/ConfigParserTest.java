package dev.sops4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.keys.AgeKeyRef;
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
    void unsupportedCloudKeysAreKeptAsUnknownRefs() {
        SopsConfig c = parse("creation_rules:\n  - gcp_kms: projects/p/keys/k\n    age: age1a\n");
        List<KeyRef> keys = c.creationRules().get(0).keyGroups().get(0).keys();
        assertEquals("age", keys.get(0).type());
        assertEquals("gcp_kms", keys.get(1).type());
        assertEquals("projects/p/keys/k", keys.get(1).describe());
        assertFalse(keys.get(1) instanceof AgeKeyRef);
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
}
