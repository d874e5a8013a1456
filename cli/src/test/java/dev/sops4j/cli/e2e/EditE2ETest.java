package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** edit with a scripted EDITOR: a shell script standing in for the user. */
class EditE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
    }

    private Path editor(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private Result edit(Path editor, String... args) {
        Map<String, String> env = new HashMap<>(key.env());
        env.put("EDITOR", editor.toString());
        String[] argv = Stream.concat(Stream.of("edit"), Stream.of(args)).toArray(String[]::new);
        return CliProcess.run(dir, env, argv);
    }

    private Path encrypted() {
        write(dir.resolve("s.json"), JsonCommandsE2ETest.PLAIN);
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), "s.json").code());
        return dir.resolve("s.json");
    }

    @Test
    void editChangesOneValueAndKeepsTheOthersCiphertext() throws Exception {
        Path f = encrypted();
        String before = read(f);
        // the script also records the temp file's mode and directory mode, checked below
        Path ed = editor("ed.sh", "stat -c %a \"$1\" > " + dir.resolve("mode") + "; stat -c %a \"$(dirname \"$1\")\" >> "
                + dir.resolve("mode") + "; echo \"$1\" > " + dir.resolve("where")
                + "; sed -i 's/hunter2/swordfish/' \"$1\"");
        Result r = edit(ed, "s.json");
        assertEquals(0, r.code(), r.err());
        String after = read(f);
        assertEquals(JsonCommandsE2ETest.line(before, "\"user\""), JsonCommandsE2ETest.line(after, "\"user\""));
        assertTrue(CliProcess.run(dir, key.env(), "decrypt", "s.json").out().contains("\"password\": \"swordfish\""));
        assertEquals("600\n700\n", read(dir.resolve("mode")));
        assertFalse(Files.exists(Path.of(read(dir.resolve("where")).trim()).getParent()), "temp dir removed");
    }

    @Test
    void unchangedEditIsExit200() throws Exception {
        Path f = encrypted();
        String before = read(f);
        Result r = edit(editor("noop.sh", "true"), "s.json");
        assertEquals(200, r.code());
        assertEquals("File has not changed, exiting.\n", r.err());
        assertEquals(before, read(f));
    }

    @Test
    void invalidSyntaxWithoutATerminalFailsAndKeepsTheFile() throws Exception {
        Path f = encrypted();
        String before = read(f);
        Result r = edit(editor("break.sh", "echo '{ broken' > \"$1\""), "s.json");
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("Error: the edited file is invalid ("), r.err());
        assertEquals(before, read(f));
    }

    @Test
    void defaultCommandIsEditAndLegacyFlagsWork() throws Exception {
        Path f = encrypted();
        Map<String, String> env = new HashMap<>(key.env());
        env.put("SOPS_EDITOR", editor("ed.sh", "sed -i 's/admin/root/' \"$1\"").toString());
        env.put("EDITOR", "/bin/false");
        Result r = CliProcess.run(dir, env, "s.json");
        assertEquals(0, r.code(), r.err());
        assertTrue(CliProcess.run(dir, key.env(), "-d", "s.json").out().contains("\"user\": \"root\""));
        assertTrue(read(f).contains("ENC[AES256_GCM"));
    }

    @Test
    void newFileStartsFromTheTemplateAndUsesSopsYaml() throws Exception {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - age: " + key.recipient() + "\n");
        Result r = edit(editor("ed.sh", "sed -i 's/example_value\"/changed\"/' \"$1\""), "new.json");
        assertEquals(0, r.code(), r.err());
        String out = CliProcess.run(dir, key.env(), "decrypt", "new.json").out();
        assertTrue(out.contains("\"hello\": \"Welcome to SOPS! Edit this file as you please!\""), out);
        assertTrue(out.contains("\"example_key\": \"changed\""), out);
    }

    @Test
    void editorFailureLeavesTheFile() throws Exception {
        Path f = encrypted();
        String before = read(f);
        Result r = edit(editor("fail.sh", "sed -i 's/admin/x/' \"$1\"; exit 4"), "s.json");
        assertEquals(1, r.code());
        assertEquals(before, read(f));
    }
}
