package dev.sops4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.config.ConfigLoader;
import dev.sops4j.core.config.SopsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSelectionTest {
    private static final String RECIPIENT = "age1jvjk8tkd5rlqz4sjkg2gmey6c2duf0ygv3w66r6ldld298razutschtdu6";

    @TempDir
    Path base;

    @BeforeEach
    void tree() throws IOException {
        for (String f : List.of("pom.xml", "app.enc.yaml", "secrets/db.enc.yaml", "secrets/db.enc.json",
                "secrets/deep/x.enc.yaml", "secrets/readme.txt", "target/sops4j/secrets/db.enc.yaml",
                ".git/secrets/a.enc.yaml", "out/secrets/b.enc.yaml", "module/pom.xml",
                "module/secrets/m.enc.yaml", "module/target/secrets/n.enc.yaml")) {
            Path p = base.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x: 1\n");
        }
    }

    private List<String> select(List<String> includes, List<String> excludes, List<Path> own,
            Optional<SopsConfig> rules) throws IOException {
        return new FileSelection(base, includes, excludes, own, rules).select().stream()
                .map(p -> base.relativize(p).toString()).toList();
    }

    private Optional<SopsConfig> config(String yaml) throws IOException {
        Path file = Files.writeString(base.resolve(".sops.yaml"), yaml);
        return Optional.of(new ConfigLoader(new dev.sops4j.core.env.Environment(java.util.Map.of(), base, base),
                Clock.systemUTC()).load(file));
    }

    @Test
    void globsAreRelativeToTheBaseAndSorted() throws IOException {
        assertEquals(List.of("out/secrets/b.enc.yaml", "secrets/db.enc.json", "secrets/db.enc.yaml"),
                select(List.of("**/secrets/*.enc.*"), null, List.of(), Optional.empty()));
        assertEquals(List.of("secrets/db.enc.json", "secrets/db.enc.yaml", "secrets/deep/x.enc.yaml",
                "secrets/readme.txt"), select(List.of("secrets/**"), null, List.of(), Optional.empty()));
    }

    @Test
    void leadingDoubleStarAlsoMatchesAtTheTop() throws IOException {
        assertEquals(List.of("app.enc.yaml", "out/secrets/b.enc.yaml", "secrets/db.enc.yaml",
                "secrets/deep/x.enc.yaml"), select(List.of("**/*.enc.yaml"), null, List.of(), Optional.empty()));
    }

    @Test
    void excludesOwnOutputTargetGitAndNestedProjectsAreLeftOut() throws IOException {
        assertEquals(List.of("app.enc.yaml", "secrets/db.enc.yaml"),
                select(List.of("**/*.enc.yaml"), List.of("**/deep/**"), List.of(base.resolve("out")),
                        Optional.empty()));
    }

    @Test
    void withoutIncludesTheCreationRulesWithAPathRegexSelect() throws IOException {
        Optional<SopsConfig> rules = config("creation_rules:\n  - path_regex: secrets/.*\\.enc\\.yaml$\n    age: "
                + RECIPIENT + "\n  - age: " + RECIPIENT + "\n");
        assertEquals(List.of("out/secrets/b.enc.yaml", "secrets/db.enc.yaml", "secrets/deep/x.enc.yaml"),
                select(null, List.of(), List.of(), rules));
    }

    @Test
    void aCatchAllRuleSelectsNothing() throws IOException {
        assertEquals(List.of(), select(List.of(), null, List.of(), config("creation_rules:\n  - age: " + RECIPIENT
                + "\n")));
        assertEquals(List.of(), select(List.of(" "), null, List.of(), Optional.empty()), "blank globs are ignored");
    }

    @Test
    void includesWinOverRules() throws IOException {
        Optional<SopsConfig> rules = config("creation_rules:\n  - path_regex: secrets/\n    age: " + RECIPIENT + "\n");
        assertEquals(List.of("app.enc.yaml"), select(List.of("*.enc.yaml"), null, List.of(), rules));
    }

    @Test
    void aMissingBaseDirectoryIsAnError() {
        Path missing = base.resolve("nope");
        IOException e = assertThrows(IOException.class,
                () -> new FileSelection(missing, List.of("*"), null, List.of(), Optional.empty()).select());
        assertEquals("not a directory: " + missing, e.getMessage());
    }
}
