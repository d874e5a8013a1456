package dev.sops4j.cli;

import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.text.NearestWord;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/** "Did you mean" for mistyped command and option names. */
final class Typos {
    private Typos() {
    }

    /**
     * {@code sops4j decrpyt f.yaml} would otherwise edit a new file named {@code decrpyt}: a first argument that is
     * a near miss of a command name (a bare word, no extension or directory) and not an existing file is refused.
     */
    static void rejectNearMissCommand(String[] args, Set<String> commands, CliContext ctx) {
        if (args.length == 0) {
            return;
        }
        String first = args[0];
        if (first.isEmpty() || first.startsWith("-") || commands.contains(first) || first.contains(".")
                || first.contains("/")) {
            return;
        }
        Optional<String> near = NearestWord.closest(first, commands);
        if (near.isPresent() && !Files.exists(ctx.resolve(first))) {
            throw new UsageException(ExitCode.GENERIC, "Error: '" + first + "' is not a sops4j command; did you mean '"
                    + near.get() + "'? (to edit a new file of that name: sops4j edit " + first + ")", null);
        }
    }

    /** {@code "; did you mean '--extract'?"} for an unknown option close to a known one, else empty. */
    static String optionHint(CommandLine.ParameterException ex) {
        String m = ex.getMessage() == null ? "" : ex.getMessage();
        if (m.startsWith("Unknown subcommand '") && ex.getCommandLine() != null) {
            // sops4j help decrpyt
            String word = m.substring("Unknown subcommand '".length(), Math.max(m.lastIndexOf('\''), 20));
            CommandLine cl = ex.getCommandLine();
            Set<String> commands = new java.util.HashSet<>(cl.getSubcommands().keySet());
            if (cl.getParent() != null) {
                commands.addAll(cl.getParent().getSubcommands().keySet());
            }
            return NearestWord.closest(word, commands).map(c -> " Did you mean '" + c + "'?").orElse("");
        }
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || ex.getCommandLine() == null) {
            return "";
        }
        List<String> known = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : ex.getCommandLine().getCommandSpec().options()) {
            if (!o.hidden()) {
                known.addAll(List.of(o.names()));
            }
        }
        for (String arg : u.getUnmatched()) {
            if (arg.startsWith("-")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                Optional<String> near = NearestWord.closest(name, known);
                if (near.isPresent()) {
                    return "; did you mean '" + near.get() + "'?";
                }
            }
        }
        List<String> picocli = u.getSuggestions();
        return picocli.isEmpty() ? "" : "; did you mean '" + picocli.get(0) + "'?";
    }
}
