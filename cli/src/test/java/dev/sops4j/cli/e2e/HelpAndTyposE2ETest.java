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

/**
 * {@code help [COMMAND]} and "did you mean" for commands and options. A catch-all creation rule and an editor that
 * leaves a marker prove that a typo never opens an editor on a new file named after it.
 */
class HelpAndTyposE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();
    private Map<String, String> env;

    @BeforeEach
    void catchAllRuleAndMarkerEditor() throws Exception {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - age: " + key.recipient() + "\n");
        Path editor = dir.resolve("editor.sh");
        write(editor, "#!/bin/sh\ntouch \"$(dirname \"$0\")/editor-ran\"\n");
        editor.toFile().setExecutable(true);
        env = new HashMap<>(key.env());
        env.put("EDITOR", editor.toString());
    }

    private void noEditorNoNewFile(String name) {
        assertFalse(Files.exists(dir.resolve("editor-ran")), "an editor was started");
        assertFalse(Files.exists(dir.resolve(name)), "a file named after the typo was created");
    }

    @Test
    void helpListsTheCommands() {
        Result r = CliProcess.run(dir, env, "help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: sops4j [-hV] [COMMAND]\n"), r.out());
        for (String c : new String[] {"decrypt", "encrypt", "edit", "exec-env", "keygen", "help"}) {
            assertTrue(r.out().contains("\n  " + c + " "), c + " in: " + r.out());
        }
        noEditorNoNewFile("help");
    }

    @Test
    void helpOfOneCommand() {
        Result r = CliProcess.run(dir, env, "help", "decrypt");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: sops4j decrypt "), r.out());
        assertTrue(r.out().contains("--output-dir=OUT"), r.out());
        Result typo = CliProcess.run(dir, env, "help", "decrpyt");
        assertEquals(1, typo.code());
        assertEquals("Unknown subcommand 'decrpyt'. Did you mean 'decrypt'?\n", typo.err());
    }

    @Test
    void mistypedCommandIsAnErrorWithASuggestionNeverAnEdit() {
        write(dir.resolve("f.yaml"), "a: 1\n");
        Result r = CliProcess.run(dir, env, "decrpyt", "f.yaml");
        assertEquals(1, r.code());
        assertEquals("Error: 'decrpyt' is not a sops4j command; did you mean 'decrypt'? (to edit a new file of that"
                + " name: sops4j edit decrpyt)\n", r.err());
        assertEquals("", r.out());
        noEditorNoNewFile("decrpyt");
    }

    @Test
    void anExistingFileNamedLikeACommandIsStillEdited() throws Exception {
        write(dir.resolve("decrpyt"), "a: 1\n");
        Result r = CliProcess.run(dir, env, "decrpyt");
        assertTrue(r.code() != 0 || Files.exists(dir.resolve("editor-ran")), r.err());
        assertFalse(r.err().contains("did you mean"), r.err());
    }

    @Test
    void mistypedOptionSuggestsTheRealOne() {
        write(dir.resolve("f.yaml"), "a: 1\n");
        Result r = CliProcess.run(dir, env, "decrypt", "--extrct", "[\"a\"]", "f.yaml");
        assertEquals(1, r.code());
        assertEquals("Unknown option: '--extrct'; did you mean '--extract'?\n", r.err());
    }
}
