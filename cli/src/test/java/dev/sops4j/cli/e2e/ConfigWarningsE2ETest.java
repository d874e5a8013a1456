package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistyped .sops.yaml key: a warning naming file, line and the key meant; an error with --strict-config. */
class ConfigWarningsE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void typoInRule() {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regx: ^prod/\n    age: " + key.recipient() + "\n");
        write(dir.resolve("dev.yaml"), "a: b\n");
    }

    @Test
    void warnsAndStillBehavesLikeSops() {
        Result r = CliProcess.run(dir, key.env(), "encrypt", "dev.yaml");
        assertEquals(0, r.code(), r.err());
        assertEquals("warning: " + dir.resolve(".sops.yaml") + ":2: unknown key 'path_regx' in a creation rule (did you"
                + " mean 'path_regex'?); it is ignored\n", r.err());
        assertTrue(r.out().contains("ENC["));
    }

    @Test
    void strictConfigFlagOrEnvironmentMakesItAnError() throws Exception {
        String expected = "error loading config file " + dir.resolve(".sops.yaml") + ":2: unknown key 'path_regx' in a"
                + " creation rule (did you mean 'path_regex'?) (--strict-config)\n";
        Result flag = CliProcess.run(dir, key.env(), "encrypt", "--strict-config", "dev.yaml");
        assertEquals(1, flag.code());
        assertEquals(expected, flag.err());
        assertEquals("", flag.out());
        Map<String, String> env = new HashMap<>(key.env());
        env.put("SOPS4J_STRICT_CONFIG", "1");
        Result viaEnv = CliProcess.run(dir, env, "encrypt", "-i", "dev.yaml");
        assertEquals(1, viaEnv.code());
        assertEquals(expected, viaEnv.err());
        assertEquals("a: b\n", Files.readString(dir.resolve("dev.yaml")));
        assertFalse(viaEnv.err().contains("warning"));
    }
}
