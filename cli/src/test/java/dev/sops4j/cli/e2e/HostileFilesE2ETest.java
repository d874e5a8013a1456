package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository and a directory other people wrote: committed symbolic links under --recursive, hard links, the
 * umask, $TMPDIR and write errors (issue #19 items 3, 5, 10, 11). Signals are in {@link SignalCleanupE2ETest}.
 */
class HostileFilesE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
    }

    private String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void recursiveNeverFollowsALinkAndTakesHiddenFilesButNotHiddenDirectories() throws Exception {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: ^deploy\n    age: " + key.recipient() + "\n");
        Files.createDirectories(dir.resolve("elsewhere/sub"));
        Files.createDirectories(dir.resolve("deploy/.git"));
        write(dir.resolve("elsewhere/passwd.json"), "{\"root\": \"x\"}\n");
        write(dir.resolve("elsewhere/sub/x.json"), "{\"x\": \"1\"}\n");
        write(dir.resolve("deploy/a.json"), "{\"a\": \"1\"}\n");
        write(dir.resolve("deploy/.env"), "TOKEN=abc\n");
        write(dir.resolve("deploy/.sops.yaml"), "creation_rules: []\n");
        write(dir.resolve("deploy/.git/c.json"), "{\"c\": \"3\"}\n");
        Files.createSymbolicLink(dir.resolve("deploy/passwd.json"), dir.resolve("elsewhere/passwd.json"));
        Files.createSymbolicLink(dir.resolve("deploy/linkdir"), Path.of("../elsewhere/sub"));
        Files.createSymbolicLink(dir.resolve("deploy/inner.json"), Path.of("a.json"));

        Result enc = CliProcess.run(dir, key.env(), "encrypt", "-i", "-R", "deploy");
        assertEquals(0, enc.code(), enc.err());
        assertEquals("sops4j encrypt: 2 files, 2 done, 0 skipped, 0 failed, 3 symbolic links not followed\n",
                enc.err());
        assertEquals("{\"root\": \"x\"}\n", read(dir.resolve("elsewhere/passwd.json")));
        assertEquals("{\"x\": \"1\"}\n", read(dir.resolve("elsewhere/sub/x.json")));
        assertTrue(read(dir.resolve("deploy/a.json")).contains("ENC["));
        assertTrue(read(dir.resolve("deploy/.env")).contains("ENC["), "a hidden file is a file like any other");
        assertEquals("{\"c\": \"3\"}\n", read(dir.resolve("deploy/.git/c.json")));
        assertEquals("creation_rules: []\n", read(dir.resolve("deploy/.sops.yaml")));
        assertTrue(Files.isSymbolicLink(dir.resolve("deploy/inner.json")));

        // an encrypted file outside the tree, reached through a committed link, is not decrypted into place
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(),
                "elsewhere/passwd.json").code());
        String outside = read(dir.resolve("elsewhere/passwd.json"));
        Result dec = CliProcess.run(dir, key.env(), "decrypt", "-i", "-R", "deploy");
        assertEquals(0, dec.code(), dec.err());
        assertEquals("sops4j decrypt: 2 files, 2 done, 0 skipped, 0 failed, 3 symbolic links not followed\n",
                dec.err());
        assertEquals(outside, read(dir.resolve("elsewhere/passwd.json")));
        assertEquals("TOKEN=abc\n", read(dir.resolve("deploy/.env")));

        // the directory named on the command line may itself be a link: that one is the user's to follow
        Files.createSymbolicLink(dir.resolve("deploy-link"), dir.resolve("deploy"));
        Result viaLink = CliProcess.run(dir, key.env(), "encrypt", "-i", "-R", "deploy-link");
        assertEquals(0, viaLink.code(), viaLink.err());
        assertEquals("sops4j encrypt: 2 files, 2 done, 0 skipped, 0 failed, 3 symbolic links not followed\n",
                viaLink.err());
        assertTrue(read(dir.resolve("deploy/.env")).contains("ENC["));
        assertEquals(outside, read(dir.resolve("elsewhere/passwd.json")));
    }

    @Test
    void newEncryptedFilesHonourTheUmaskAndExistingFilesKeepTheirMode() throws Exception {
        write(dir.resolve("p.json"), "{\"a\": \"1\"}\n");
        String[] enc = {"encrypt", "--age", key.recipient(), "--output"};
        Result strict = CliProcess.runUmask("077", dir, key.env(), enc[0], enc[1], enc[2], enc[3], "new077.json",
                "p.json");
        assertEquals(0, strict.code(), strict.err());
        assertEquals("rw-------", mode(dir.resolve("new077.json")));
        assertEquals(0, CliProcess.runUmask("022", dir, key.env(), enc[0], enc[1], enc[2], enc[3], "new022.json",
                "p.json").code());
        assertEquals("rw-r--r--", mode(dir.resolve("new022.json")));
        assertEquals(0, CliProcess.runUmask("002", dir, key.env(), enc[0], enc[1], enc[2], enc[3], "new002.json",
                "p.json").code());
        assertEquals("rw-rw-r--", mode(dir.resolve("new002.json")));

        Files.setPosixFilePermissions(dir.resolve("p.json"), PosixFilePermissions.fromString("rw-rw-r--"));
        Result inPlace = CliProcess.runUmask("077", dir, key.env(), "encrypt", "-i", "--age", key.recipient(),
                "p.json");
        assertEquals(0, inPlace.code(), inPlace.err());
        assertEquals("rw-rw-r--", mode(dir.resolve("p.json")), "an existing file keeps its mode under any umask");

        assertEquals(0, CliProcess.runUmask("022", dir, key.env(), "decrypt", "--output", "plain.json",
                "new022.json").code());
        assertEquals("rw-------", mode(dir.resolve("plain.json")), "new plaintext is 0600");
    }

    @Test
    void encryptInPlaceRefusesAHardLinkedFile() throws Exception {
        write(dir.resolve("f.json"), "{\"secret\": \"hunter2\"}\n");
        Files.createLink(dir.resolve("g.json"), dir.resolve("f.json"));
        Result r = CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), "f.json");
        assertEquals(3, r.code(), r.err());
        assertEquals("could not write " + dir.resolve("f.json") + ": it has 2 hard links, and replacing it would"
                + " leave the plaintext readable through the others; remove the other links (or write to --output)"
                + " first\n", r.err());
        assertEquals("{\"secret\": \"hunter2\"}\n", read(dir.resolve("f.json")));
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "--age", key.recipient(), "--output", "f.enc.json",
                "f.json").code(), "--output is the way out the message names");
    }

    @Test
    void aMissingOutputDirectoryIsNamedNotATempFile() {
        write(dir.resolve("p.json"), "{\"a\": \"1\"}\n");
        Result r = CliProcess.run(dir, key.env(), "encrypt", "--age", key.recipient(), "--output",
                "missing/dir/x.json", "p.json");
        assertEquals(3, r.code(), r.err());
        assertEquals("could not write " + dir.resolve("missing/dir/x.json") + ": directory "
                + dir.resolve("missing/dir") + " does not exist\n", r.err());
        assertFalse(r.err().contains("sops4j-tmp"));
    }

    @Test
    void editAndExecFileNoFifoPutPlaintextUnderTmpdir() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("private-tmp"));
        write(dir.resolve("s.json"), "{\"a\": \"1\"}\n");
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), "s.json").code());
        Path editor = dir.resolve("ed.sh");
        Files.writeString(editor, "#!/bin/sh\necho \"$1\" > " + dir.resolve("where") + "\nsed -i 's/1/2/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = new HashMap<>(key.env());
        env.put("EDITOR", editor.toString());
        env.put("TMPDIR", tmp.toString());
        Result edit = CliProcess.run(dir, env, "edit", "s.json");
        assertEquals(0, edit.code(), edit.err());
        assertTrue(read(dir.resolve("where")).startsWith(tmp + "/sops4j-"), read(dir.resolve("where")));
        Result exec = CliProcess.run(dir, env, "exec-file", "--no-fifo", "s.json", "echo {}");
        assertEquals(0, exec.code(), exec.err());
        assertTrue(exec.out().startsWith(tmp + "/sops4j-"), exec.out());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "nothing is left in $TMPDIR");
        }
    }

    @Test
    void aMissingTmpdirIsAClearError() {
        write(dir.resolve("s.json"), "{\"a\": \"1\"}\n");
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), "s.json").code());
        Map<String, String> env = new HashMap<>(key.env());
        env.put("TMPDIR", dir.resolve("nope").toString());
        Result exec = CliProcess.run(dir, env, "exec-file", "--no-fifo", "s.json", "echo {}");
        assertEquals(1, exec.code(), exec.err());
        assertEquals("Error: could not create a private temporary directory in " + dir.resolve("nope")
                + " ($TMPDIR): no such directory\n", exec.err());
        env.put("EDITOR", "true");
        Result edit = CliProcess.run(dir, env, "edit", "s.json");
        assertEquals(3, edit.code(), "sops' edit exits 3 here: " + edit.err());
    }
}
