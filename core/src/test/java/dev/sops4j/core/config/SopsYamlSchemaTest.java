package dev.sops4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/sops-yaml.schema.json} accepts every example .sops.yaml of the repository (the Maven plugin's
 * integration tests, the YAML blocks of the docs) and of sops' own repository, and refuses a mistyped key; the
 * config parser agrees: no warning for the examples, a warning for the typo.
 */
class SopsYamlSchemaTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(read(REPO.resolve("docs/sops-yaml.schema.json")), InputFormat.JSON);

    record Example(String name, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Example> examples() throws IOException {
        List<Example> out = new ArrayList<>();
        try (Stream<Path> its = Files.list(REPO.resolve("maven-plugin/src/it"))) {
            its.map(d -> d.resolve(".sops.yaml")).filter(Files::isRegularFile).sorted()
                    .forEach(p -> out.add(new Example(REPO.relativize(p).toString(), read(p))));
        }
        Pattern block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
        try (Stream<Path> docs = Stream.concat(Stream.of(REPO.resolve("README.md")), Files.list(REPO.resolve("docs")))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = block.matcher(read(doc));
                while (m.find()) {
                    if (m.group(1).startsWith("creation_rules:")) {
                        out.add(new Example(REPO.relativize(doc) + " block at " + m.start(), m.group(1)));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void repositoryExamplesAreValid(Example e) {
        assertEquals(List.of(), errors(e.text()), e.name());
        assertEquals(List.of(), parse(e.text()).warnings(), e.name());
    }

    @Test
    void theRepositoryHasExamples() throws IOException {
        assertTrue(examples().count() >= 10);
    }

    @Test
    void sopsRepositoryConfigsAreValid() {
        for (String f : List.of("sops-vectors/sops-repo/.sops.yaml", "sops-vectors/real-sops-3.13.2/shamir/.sops.yaml")) {
            String text = SharedData.text(f);
            assertEquals(List.of(), errors(text), f);
            assertEquals(List.of(), parse(text).warnings(), f);
        }
    }

    /** sops' own functional-test config has a key sops silently ignores (the real one is recreation_rule). */
    @Test
    void sopsFunctionalTestConfigHasOneIgnoredKey() {
        String text = SharedData.text("sops-vectors/sops-repo/functional-tests/.sops.yaml");
        assertEquals(List.of("/destination_rules/0: property 'reencryption_rule' is not defined in the schema and the"
                + " schema does not allow additional properties"), errors(text));
        List<ConfigWarning> w = parse(text).warnings();
        assertEquals(1, w.size(), w.toString());
        assertEquals("reencryption_rule", w.get(0).key());
        assertEquals("destination rule", w.get(0).where());
    }

    @Test
    void aMistypedKeyIsRefusedByTheSchemaAndWarnedByTheParser() {
        String text = "creation_rules:\n  - path_regx: ^prod/\n    age: age1one\n";
        List<String> errors = errors(text);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("path_regx"), errors.get(0));
        assertEquals(List.of("/x/.sops.yaml:2: unknown key 'path_regx' in a creation rule (did you mean 'path_regex'?);"
                + " it is ignored"), parse(text).warnings().stream().map(ConfigWarning::message).toList());
    }

    @Test
    void wrongTypesAreRefused() {
        assertFalse(errors("creation_rules:\n  - shamir_threshold: two\n").isEmpty());
        assertFalse(errors("creation_rules:\n  - key_groups:\n      - kms:\n          - role: r\n").isEmpty());
    }

    private static List<String> errors(String yaml) {
        return SCHEMA.validate(yaml, InputFormat.YAML).stream().map(Error::toString).toList();
    }

    private static SopsConfig parse(String yaml) {
        return new ConfigParser(new KeyRefFactory(Clock.systemUTC())).parse(yaml, Path.of("/x/.sops.yaml"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
