package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.cli.e2e.GitSandbox.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/age.md, executed: every sh block in order in one shell, with age 1.3.2's plugins on PATH. */
class AgeDocsTest {
    private static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/age.md");
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void everyExampleRunsAsWritten() throws Exception {
        String age13 = System.getenv("SOPS4J_AGE13_BIN");
        assumeTrue(age13 != null && Files.isDirectory(Path.of(age13)),
                "SOPS4J_AGE13_BIN is not set (scripts/test-all fetches age 1.3.2): skipping docs/age.md");
        GitSandbox g = new GitSandbox(dir);
        g.env.put("PATH", g.env.get("PATH") + ":" + age13);
        g.env.remove("SOPS_AGE_KEY_FILE");
        StringBuilder script = new StringBuilder("set -e\ncd '" + g.repo + "'\n");
        Matcher m = BLOCK.matcher(Files.readString(DOC));
        int blocks = 0;
        while (m.find()) {
            script.append(m.group(1));
            blocks++;
        }
        assertEquals(4, blocks);
        Run r = g.sh(script.toString());
        assertEquals(0, r.code(), r.out() + "\n" + r.err());
        assertEquals("1\nage1pq1\ndb:\n    password: hunter2\ntoken: t0ken\n"
                + "age plugin binary age-plugin-nosuch not found in PATH\n", r.out());
    }
}
