package dev.sops4j.cli.command.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.Cli;
import dev.sops4j.cli.CliContext;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.env.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sops4j.core.text.GoRegex;
import org.junit.jupiter.api.Test;

/** Help, completion, the regex-to-gitattributes rule and the mergetool header, without git. */
class GitCommandTest {
    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Path cwd = Path.of("").toAbsolutePath();
        int code = new Cli(new CliContext(new Environment(Map.of(), cwd, cwd), new ByteArrayInputStream(new byte[0]),
                ps, ps, false)).run(args);
        return code + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpAndCompletionListTheGitSubcommands() {
        assertTrue(run("--help").contains("  git "), run("--help"));
        String help = run("git", "--help");
        for (String sub : List.of("setup", "diff", "merge", "mergetool", "pre-commit")) {
            assertTrue(help.contains("  " + sub + " "), help);
        }
        String bash = run("completion", "bash");
        assertTrue(bash.contains("setup diff merge mergetool pre-commit"), bash);
        assertTrue(bash.contains("--global") && bash.contains("--pre-commit"), "setup's flags complete");
        assertTrue(run("git").startsWith("1\nError: missing git subcommand"), run("git"));
    }

    private static String glob(String regex) {
        return Attributes.glob(GoRegex.tryCompile(regex));
    }

    @Test
    void creationRulesBecomeEqualOrBroaderGitattributesPatterns() {
        assertEquals("*.enc.yaml", glob("\\.enc\\.yaml$"));
        assertEquals("*.json", glob("secrets/.*\\.json$"));
        assertEquals("/config/db.yaml", glob("^config/db\\.yaml$"));
        assertEquals("*db.yaml", glob("config/db\\.yaml$"));
        assertEquals("*", glob("secrets/"));
        assertEquals("*", glob("(dev|prod)\\.yaml$|x"));
        assertEquals("*", glob("(?i)\\.yaml$"));
        assertEquals("*", Attributes.glob(Optional.empty()));
        CreationRule a = new CreationRule(GoRegex.tryCompile("\\.enc\\.yaml$"), List.of(), 0,
                Optional.empty(), false, 2);
        CreationRule b = new CreationRule(GoRegex.tryCompile("prod/.*\\.enc\\.yaml$"), List.of(), 0,
                Optional.empty(), false, 4);
        assertEquals(List.of("*.enc.yaml diff=sops4j merge=sops4j"), Attributes.lines(List.of(a, b)));
    }

    @Test
    void theMergetoolHeaderIsDroppedBeforeParsing() {
        byte[] edited = "#>> conflict 1\n#>>   ours: x\na: 1\n# kept comment\nb: 2\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("a: 1\n# kept comment\nb: 2\n", new String(ConflictFile.strip(edited), StandardCharsets.UTF_8));
    }
}
