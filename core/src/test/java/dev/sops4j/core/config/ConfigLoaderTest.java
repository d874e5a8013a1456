package dev.sops4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private ConfigLoader loader(Path cwd, Map<String, String> vars) {
        return new ConfigLoader(new Environment(vars, tmp, cwd), Clock.systemUTC());
    }

    @Test
    void searchesFromTheWorkingDirectoryUpwards() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("a/b/c"));
        Files.writeString(tmp.resolve("a/.sops.yaml"), "creation_rules: []\n");
        assertEquals(Optional.of(tmp.resolve("a/.sops.yaml")), loader(deep, Map.of()).locate(Optional.empty()));
    }

    @Test
    void nearestFileWins() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("a/b"));
        Files.writeString(tmp.resolve("a/.sops.yaml"), "");
        Files.writeString(tmp.resolve("a/b/.sops.yaml"), "");
        assertEquals(Optional.of(tmp.resolve("a/b/.sops.yaml")), loader(deep, Map.of()).locate(Optional.empty()));
    }

    @Test
    void flagBeatsEnvironmentBeatsSearch() throws Exception {
        Files.writeString(tmp.resolve(".sops.yaml"), "");
        Files.writeString(tmp.resolve("env.yaml"), "");
        Files.writeString(tmp.resolve("flag.yaml"), "");
        ConfigLoader l = loader(tmp, Map.of("SOPS_CONFIG", "env.yaml"));
        assertEquals(Optional.of(tmp.resolve("env.yaml")), l.locate(Optional.empty()));
        assertEquals(Optional.of(tmp.resolve("flag.yaml")), l.locate(Optional.of("flag.yaml")));
    }

    @Test
    void aMissingExplicitConfigIsAnError() {
        assertThrows(ConfigException.class, () -> loader(tmp, Map.of()).locate(Optional.of("nope.yaml")));
    }

    @Test
    void noConfigAnywhereIsEmpty() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("x"));
        // tmp's parents (/tmp, /) are assumed to have no .sops.yaml on a test machine
        assertEquals(Optional.empty(), loader(deep, Map.of()).load(Optional.empty()));
    }

    @Test
    void loadsAndParses() throws Exception {
        Files.writeString(tmp.resolve(".sops.yaml"), "creation_rules:\n  - age: age1x\n");
        SopsConfig c = loader(tmp, Map.of()).load(Optional.empty()).orElseThrow();
        assertEquals(1, c.creationRules().size());
        assertEquals(tmp, c.directory());
    }
}
