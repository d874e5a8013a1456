package dev.sops4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders without picocli warnings: a lone {@code %} in a description is a format specifier
 * to picocli, which then prints a warning on stderr before the usage (seen on {@code git merge --help}).
 */
class HelpTextTest {
    private static void collect(CommandLine line, List<CommandLine> into) {
        into.add(line);
        for (CommandLine sub : line.getSubcommands().values()) {
            if (!into.contains(sub)) {
                collect(sub, into);
            }
        }
    }

    @Test
    void everyUsageRendersWithoutWarnings() {
        List<CommandLine> all = new ArrayList<>();
        collect(new Cli(CliContext.system()).commandLine(), all);
        assertTrue(all.size() > 30, "commands found: " + all.size());
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringBuilder usages = new StringBuilder();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (CommandLine line : all) {
                usages.append(line.getUsageMessage());
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        String text = usages.toString();
        assertTrue(text.contains("merges by key path") && text.contains("(%O %A %B %P)"), "git merge help");
        assertTrue(text.contains("%O: the common ancestor's version"), "git merge BASE help");
    }
}
