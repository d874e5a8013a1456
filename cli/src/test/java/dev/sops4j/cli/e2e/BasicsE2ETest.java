package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands and errors that need no engine: version, help, completion, keygen, exit codes of bad invocations. */
class BasicsE2ETest {
    @TempDir
    Path dir;

    @Test
    void versionIsLocalAndExact() {
        Result r = CliProcess.run(dir, Map.of(), "--version");
        assertEquals(0, r.code());
        dev.sops4j.core.Version v = dev.sops4j.core.Version.current();
        assertTrue(v.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), v.version());
        assertEquals("sops4j " + v.version() + " (" + v.commit() + ")\n", r.out());
    }

    @Test
    void helpListsEveryCommand() {
        Result r = CliProcess.run(dir, Map.of(), "--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"decrypt", "encrypt", "edit", "rotate", "updatekeys", "set", "unset",
                "exec-env", "exec-file", "filestatus", "groups", "keygen", "completion"}) {
            assertTrue(r.out().contains("  " + c + " "), c + " missing from\n" + r.out());
        }
        assertTrue(!r.out().contains("__train"));
    }

    /**
     * The launchers' class-data archives are recorded from {@code __train}: it must run the in-place batch, the
     * two-walk (value threads) path and the binary store, print nothing and leave no file behind.
     */
    @Test
    void theTrainingRunCoversFilesAndLeavesNothingBehind() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path classes = dir.resolve("classes.log");
        Result r = CliProcess.runJvm(List.of("-Djava.io.tmpdir=" + tmp, "-Xlog:class+load:file=" + classes), dir,
                Map.of("HOME", dir.toString()), new byte[0], "__train");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out() + r.err());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
        String loaded = Files.readString(classes);
        for (String c : List.of("dev.sops4j.cli.batch.Batch ", "dev.sops4j.cli.io.AtomicFiles ",
                "dev.sops4j.core.engine.ValueJobs ", "dev.sops4j.core.store.binary.BinaryStore ")) {
            assertTrue(loaded.contains(c), c + "not loaded by the training run");
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"decrypt", "--help"}, {"set", "-h"}, {"groups", "add", "--help"},
                {"groups", "--help"}}) {
            Result r = CliProcess.run(dir, Map.of(), args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: sops4j " + args[0]), r.out());
        }
    }

    @Test
    void completionScripts() {
        Result bash = CliProcess.run(dir, Map.of(), "completion", "bash");
        assertEquals(0, bash.code());
        assertTrue(bash.out().contains("complete -F"), bash.out());
        Result zsh = CliProcess.run(dir, Map.of(), "completion", "zsh");
        assertEquals(0, zsh.code());
        assertTrue(zsh.out().startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"));
        Result fish = CliProcess.run(dir, Map.of(), "completion", "fish");
        assertEquals(8, fish.code());
        assertEquals("Error: unknown shell 'fish': use bash or zsh\n", fish.err());
    }

    @Test
    void keygenWritesAnAgeIdentity() throws Exception {
        Result r = CliProcess.run(dir, Map.of(), "keygen");
        assertEquals(0, r.code());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].matches("# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines[0]);
        assertTrue(lines[1].matches("# public key: age1[02-9ac-hj-np-z]{58}"), lines[1]);
        assertTrue(lines[2].matches("AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}"), lines[2]);
        assertEquals("Public key: " + lines[1].substring("# public key: ".length()) + "\n", r.err());

        Result o = CliProcess.run(dir, Map.of(), "keygen", "-o", "keys.txt");
        assertEquals(0, o.code());
        assertEquals("", o.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys.txt"))));
        Result again = CliProcess.run(dir, Map.of(), "keygen", "-o", "keys.txt");
        assertEquals(8, again.code());
        assertEquals(1, again.err().lines().count());
        Result y = CliProcess.run(dir, Map.of(), "keygen", "-y", "keys.txt");
        assertEquals(0, y.code(), y.err());
        assertEquals(Files.readString(dir.resolve("keys.txt")).lines().filter(l -> l.startsWith("# public key: "))
                .findFirst().orElseThrow().substring("# public key: ".length()) + "\n", y.out());
    }

    @Test
    void missingFileIsExit100WithSopsWording() {
        Result r = CliProcess.run(dir, Map.of(), "decrypt", "nope.yaml");
        assertEquals(100, r.code());
        assertEquals("Error: cannot operate on non-existent file \"" + dir.resolve("nope.yaml") + "\"\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void legacyModeFlagsReachTheSameCommands() {
        Result r = CliProcess.run(dir, Map.of(), "-d", "nope.json");
        assertEquals(100, r.code());
        assertEquals("Error: cannot operate on non-existent file \"" + dir.resolve("nope.json") + "\"\n", r.err());
    }

    @Test
    void unknownFlagIsOneLineExit1() {
        Result r = CliProcess.run(dir, Map.of(), "decrypt", "--frobnicate", "x.yaml");
        assertEquals(1, r.code());
        assertEquals("Unknown option: '--frobnicate'\n", r.err());
    }

    @Test
    void aKeyServiceAddressWithoutSchemeIsAOneLineError() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"a\": 1}");
        Result ks = CliProcess.run(dir, Map.of(), "encrypt", "--keyservice", "localhost:5000", "--age",
                Fixtures.AgeKey.generate().recipient(), "a.json");
        assertEquals(8, ks.code());
        assertEquals("Error: invalid key service address 'localhost:5000' (expected tcp://host:port or unix:///path)\n",
                ks.err());
        assertEquals("", ks.out());
    }

    @Test
    void execFlagsSopsHasButWeDoNotAreRefusedBeforeDecrypting() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"a\": 1}");
        Result user = CliProcess.run(dir, Map.of(), "exec-file", "--user", "bob", "a.json", "cat {}");
        assertEquals(8, user.code());
        assertEquals("Error: --user is not supported by sops4j\n", user.err());
        Result background = CliProcess.run(dir, Map.of(), "exec-env", "--background", "a.json", "true");
        assertEquals(8, background.code());
        assertEquals("Error: --background is not supported by sops4j\n", background.err());
    }

    @Test
    void malformedTreePathIsExit91() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{}");
        Result r = CliProcess.run(dir, Map.of(), "decrypt", "--extract", "[\"a\"][x]", "a.json");
        assertEquals(91, r.code());
        assertEquals(1, r.err().lines().count());
        // set/unset report a malformed path as sops does: "Invalid set index format", exit 7
        Result set = CliProcess.run(dir, Map.of(), "set", "a.json", "a", "1");
        assertEquals(7, set.code());
    }

    @Test
    void brokenConfigNamesTheLine() throws Exception {
        Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - age: age1x\n    shamir_threshold: many\n");
        Files.writeString(dir.resolve("a.json"), "{\"a\": 1}");
        Result r = CliProcess.run(dir, Map.of(), "encrypt", "a.json");
        assertEquals(1, r.code());
        assertEquals("error loading config file " + dir.resolve(".sops.yaml")
                + ": line 3: shamir_threshold must be an integer, got 'many'\n", r.err());
        assertEquals("{\"a\": 1}", Files.readString(dir.resolve("a.json")));
    }

    @Test
    void encryptWithoutAnyKeyExplainsWhatToDo() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"a\": 1}");
        Result r = CliProcess.run(dir, Map.of(), "encrypt", "a.json");
        assertEquals(1, r.code());
        assertEquals("Error: no master keys given: use --age/--pgp/--kms/--nexus, SOPS_AGE_RECIPIENTS or a .sops.yaml "
                + "creation rule with keys\n", r.err());
    }

    @Test
    void conflictingRuleFlagsAreExit8() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"a\": 1}");
        Result r = CliProcess.run(dir, Map.of(), "encrypt", "--age", "age1x", "--encrypted-suffix", "_e",
                "--unencrypted-regex", "x", "a.json");
        assertEquals(8, r.code());
        assertTrue(r.err().startsWith("Error: cannot use more than one of encrypted_suffix"), r.err());
    }

    @Test
    void duplicateDecryptionOrderIsExit112() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{}");
        Result r = CliProcess.run(dir, Map.of("SOPS_DECRYPTION_ORDER", "age,pgp,age"), "decrypt", "a.json");
        assertEquals(112, r.code());
    }
}
