package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.GitSandbox.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/git.md, executed: every sh block in order in one shell, and the shown files compared with the real ones. */
class GitDocsTest {
    private static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/git.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static List<String[]> blocks() throws Exception {
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(DOC));
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static String block(String lang) throws Exception {
        return blocks().stream().filter(b -> b[0].equals(lang)).map(b -> b[1]).findFirst().orElseThrow();
    }

    @Test
    void theWorkflowRunsAsWritten() throws Exception {
        GitSandbox g = new GitSandbox(dir);
        g.env.put("EDITOR", GitSandbox.script(dir.resolve("resolve.sh"),
                "sed -i -e '/^#>>/d' -e 's/password: swordfish/password: correct-horse-swordfish/' \"$1\"").toString());
        StringBuilder script = new StringBuilder("set -e\n");
        for (String[] b : blocks()) {
            if (b[0].equals("sh")) {
                script.append(b[1]);
            }
        }
        Run r = g.sh(script.toString());
        assertEquals(0, r.code(), r.out() + "\n" + r.err());
        assertTrue(r.out().contains("-    password: hunter2\n+    password: swordfish\n"), r.out());
        assertFalse(r.out().contains("lastmodified") || r.out().contains("mac:"), r.out());
        assertTrue(r.out().contains("conflict: resolve it with git mergetool"), r.out());
        assertTrue(r.out().contains("refused by the guard"), r.out());
        assertTrue(r.err().contains("sops4j: leak.enc.yaml: not encrypted"), r.err());
        assertTrue(r.out().contains("db:\n    user: admin\n    password: correct-horse-swordfish\napi:\n"
                + "    token: t0ken-2\n"), r.out());

        Path demo = g.repo.resolve("demo");
        assertEquals(block("gitattributes"), Files.readString(demo.resolve(".gitattributes")));
        String section = null;
        for (String line : block("gitconfig").lines().toList()) {
            if (line.startsWith("[")) {
                section = line.replaceAll("\\[(\\w+) \"(\\w+)\"\\]", "$1.$2");
                continue;
            }
            String[] kv = line.strip().split(" = ", 2);
            Run v = g.sh("cd demo && git config --local " + section + "." + kv[0]);
            assertEquals(kv[1].replace("\\\"", "\"") + "\n", v.out(), section + "." + kv[0]);
        }
        String hookId = block("yaml").lines().filter(l -> l.contains("- id:")).findFirst().orElseThrow()
                .replaceAll(".*- id: ", "");
        String hooks = Files.readString(DOC.getParent().getParent().resolve(".pre-commit-hooks.yaml"));
        assertTrue(hooks.contains("- id: " + hookId + "\n") && hooks.contains("entry: sops4j git pre-commit\n"), hooks);
        for (String secret : List.of("hunter2", "swordfish", "correct-horse", "t0ken-2")) {
            Run objects = g.sh("cd demo && git cat-file --batch-all-objects --batch");
            assertFalse(objects.out().contains(secret), secret + " in a git object");
            assertEquals(1, g.sh("grep -rqa -- '" + secret + "' demo").code(), secret + " in a file of the repository");
        }
    }
}
