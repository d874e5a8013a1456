package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import dev.sops4j.cli.e2e.GitSandbox.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipients across a merge (added on either side kept, removed on either side removed with a new data key), a
 * file added on both branches, and the fall-backs: no key, not a sops file.
 */
class GitRecipientsE2ETest {
    @TempDir
    Path dir;

    private final AgeKey other = AgeKey.generate();

    private GitSandbox repoWith(String recipients) {
        GitSandbox g = new GitSandbox(dir);
        g.initWithDrivers();
        g.write("s.enc.yaml", "a: S3CRET-a\nb: S3CRET-b\n");
        g.ok(g.sops4j("encrypt", "-i", "--age", recipients, "s.enc.yaml"));
        g.ok(g.git("add", "."));
        g.ok(g.git("commit", "-q", "-m", "init"));
        return g;
    }

    private Run decryptAs(GitSandbox g, AgeKey k) {
        return g.exec(List.of("/usr/bin/env", "-u", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY=" + k.identity(),
                dir.resolve("bin/sops4j").toString(), "decrypt", "s.enc.yaml"));
    }

    @Test
    void aRecipientAddedOnTheirSideCanDecryptTheMergeAndOursCiphertextsStay() {
        GitSandbox g = repoWith(GitSandbox.AGE_RECIPIENT);
        g.ok(g.git("checkout", "-q", "-b", "feature"));
        g.ok(g.sops4j("rotate", "-i", "--add-age", other.recipient(), "s.enc.yaml"));
        g.ok(g.git("commit", "-q", "-am", "add a recipient"));
        g.ok(g.git("checkout", "-q", "main"));
        g.ok(g.sops4j("set", "s.enc.yaml", "[\"a\"]", "\"S3CRET-a2\""));
        g.ok(g.git("commit", "-q", "-am", "change a"));
        String before = g.read("s.enc.yaml");

        g.ok(g.git("merge", "-q", "--no-edit", "feature"));

        assertEquals("a: S3CRET-a2\nb: S3CRET-b\n", g.ok(g.sops4j("decrypt", "s.enc.yaml")).out());
        Run asOther = decryptAs(g, other);
        assertEquals(0, asOther.code(), asOther.err());
        assertEquals("a: S3CRET-a2\nb: S3CRET-b\n", asOther.out());
        String after = g.read("s.enc.yaml");
        assertEquals(before.lines().filter(l -> l.startsWith("a:")).toList(),
                after.lines().filter(l -> l.startsWith("a:")).toList());
    }

    @Test
    void aRecipientRemovedOnTheirSideIsRemovedAndTheDataKeyRotated() {
        GitSandbox g = repoWith(GitSandbox.AGE_RECIPIENT + "," + other.recipient());
        g.ok(g.git("checkout", "-q", "-b", "feature"));
        g.ok(g.sops4j("rotate", "-i", "--rm-age", other.recipient(), "s.enc.yaml"));
        g.ok(g.git("commit", "-q", "-am", "remove a recipient"));
        g.ok(g.git("checkout", "-q", "main"));
        g.ok(g.sops4j("set", "s.enc.yaml", "[\"a\"]", "\"S3CRET-a2\""));
        g.ok(g.git("commit", "-q", "-am", "change a"));
        String before = g.read("s.enc.yaml");

        g.ok(g.git("merge", "-q", "--no-edit", "feature"));

        assertEquals("a: S3CRET-a2\nb: S3CRET-b\n", g.ok(g.sops4j("decrypt", "s.enc.yaml")).out());
        assertNotEquals(0, decryptAs(g, other).code(), "the removed recipient cannot decrypt");
        String after = g.read("s.enc.yaml");
        assertTrue(!after.contains(other.recipient()), after);
        assertNotEquals(before.lines().filter(l -> l.startsWith("b:")).toList(),
                after.lines().filter(l -> l.startsWith("b:")).toList(), "new data key: every value re-encrypted");
    }

    @Test
    void aFileAddedOnBothBranchesMergesWithoutABase() {
        GitSandbox g = repoWith(GitSandbox.AGE_RECIPIENT);
        g.ok(g.git("checkout", "-q", "-b", "feature"));
        g.write("n.enc.yaml", "shared: S3CRET-same\nfeature: S3CRET-f\n");
        g.ok(g.sops4j("encrypt", "-i", "n.enc.yaml"));
        g.ok(g.git("add", "n.enc.yaml"));
        g.ok(g.git("commit", "-q", "-m", "feature adds"));
        g.ok(g.git("checkout", "-q", "main"));
        g.write("n.enc.yaml", "shared: S3CRET-same\nmain: S3CRET-m\n");
        g.ok(g.sops4j("encrypt", "-i", "n.enc.yaml"));
        g.ok(g.git("add", "n.enc.yaml"));
        g.ok(g.git("commit", "-q", "-m", "main adds"));
        g.ok(g.git("merge", "-q", "--no-edit", "feature"));
        // theirs' new key goes after the key that precedes it in theirs
        assertEquals("shared: S3CRET-same\nfeature: S3CRET-f\nmain: S3CRET-m\n",
                g.ok(g.sops4j("decrypt", "n.enc.yaml")).out());
    }

    @Test
    void withoutAKeyTheMergeIsAConflictAndOursStays() {
        GitSandbox g = repoWith(GitSandbox.AGE_RECIPIENT);
        g.ok(g.git("checkout", "-q", "-b", "feature"));
        g.ok(g.sops4j("set", "s.enc.yaml", "[\"b\"]", "\"S3CRET-b2\""));
        g.ok(g.git("commit", "-q", "-am", "b"));
        g.ok(g.git("checkout", "-q", "main"));
        g.ok(g.sops4j("set", "s.enc.yaml", "[\"a\"]", "\"S3CRET-a2\""));
        g.ok(g.git("commit", "-q", "-am", "a"));
        String ours = g.read("s.enc.yaml");
        g.env.remove("SOPS_AGE_KEY_FILE");
        Run merge = g.git("merge", "--no-edit", "feature");
        assertNotEquals(0, merge.code());
        assertTrue(merge.err().contains("sops4j: cannot merge s.enc.yaml (Error: cannot decrypt the ours version of"
                + " s.enc.yaml: "), merge.err());
        assertEquals(ours, g.read("s.enc.yaml"));
    }

    @Test
    void aJsonConflictIsResolvedWithTheStandaloneMergetool() throws Exception {
        GitSandbox g = repoWith(GitSandbox.AGE_RECIPIENT);
        g.write("c.enc.json", "{\"k\": \"S3CRET-base\", \"n\": [1, 2]}");
        g.ok(g.sops4j("encrypt", "-i", "--age", GitSandbox.AGE_RECIPIENT, "c.enc.json"));
        g.sh("echo '*.enc.json diff=sops4j merge=sops4j' >> .gitattributes");
        g.ok(g.git("add", "."));
        g.ok(g.git("commit", "-q", "-m", "json"));
        g.ok(g.git("checkout", "-q", "-b", "feature"));
        g.ok(g.sops4j("set", "c.enc.json", "[\"k\"]", "\"S3CRET-theirs\""));
        g.ok(g.sops4j("set", "c.enc.json", "[\"n\"][1]", "3"));
        g.ok(g.git("commit", "-q", "-am", "theirs"));
        g.ok(g.git("checkout", "-q", "main"));
        g.ok(g.sops4j("set", "c.enc.json", "[\"k\"]", "\"S3CRET-ours\""));
        g.ok(g.git("commit", "-q", "-am", "ours"));
        assertNotEquals(0, g.git("merge", "--no-edit", "feature").code());

        Path unchanged = GitSandbox.script(dir.resolve("noop.sh"), "true");
        g.env.put("EDITOR", unchanged.toString());
        Run notResolved = g.sops4j("git", "mergetool", "c.enc.json");
        assertEquals(1, notResolved.code());
        assertEquals("Error: c.enc.json was saved unchanged: the conflict is not resolved and the file was not"
                + " changed\n", notResolved.err());

        g.env.put("EDITOR", "false");
        Run editorFailed = g.sops4j("git", "mergetool", "c.enc.json");
        assertEquals(1, editorFailed.code());
        assertEquals("Error: the editor false exited with status 1; the file was not changed\n", editorFailed.err());

        g.env.put("EDITOR", GitSandbox.script(dir.resolve("pick.sh"), "sed -i 's/S3CRET-ours/S3CRET-both/' \"$1\"")
                .toString());
        Run resolved = g.ok(g.sops4j("git", "mergetool", "c.enc.json"));
        assertEquals("sops4j: c.enc.json resolved and encrypted; mark it with: git add c.enc.json\n", resolved.err());
        assertEquals("{\n\t\"k\": \"S3CRET-both\",\n\t\"n\": [\n\t\t1,\n\t\t3\n\t]\n}\n",
                g.ok(g.sops4j("decrypt", "c.enc.json")).out());
        g.ok(g.git("add", "c.enc.json"));
        g.ok(g.git("commit", "-q", "--no-edit"));
        g.assertNoPlaintextAnywhere("S3CRET");
    }

    @Test
    void filesThatAreNotSopsFilesMergeByLineAsUsual() {
        GitSandbox g = repoWith(GitSandbox.AGE_RECIPIENT);
        g.write("plain.enc.yaml", "x: 1\ny: 2\nz: 3\n");
        g.ok(g.git("add", "plain.enc.yaml"));
        g.ok(g.git("commit", "-q", "-m", "plain"));
        g.ok(g.git("checkout", "-q", "-b", "feature"));
        g.write("plain.enc.yaml", "x: 1\ny: 2\nz: 33\n");
        g.ok(g.git("commit", "-q", "-am", "z"));
        g.ok(g.git("checkout", "-q", "main"));
        g.write("plain.enc.yaml", "x: 11\ny: 2\nz: 3\n");
        g.ok(g.git("commit", "-q", "-am", "x"));
        g.ok(g.git("merge", "-q", "--no-edit", "feature"));
        assertEquals("x: 11\ny: 2\nz: 33\n", g.read("plain.enc.yaml"));
    }
}
