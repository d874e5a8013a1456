package dev.sops4j.cli;

import dev.sops4j.cli.command.CompletionCommand;
import dev.sops4j.cli.command.DecryptCommand;
import dev.sops4j.cli.command.EditCommand;
import dev.sops4j.cli.command.EncryptCommand;
import dev.sops4j.cli.command.ExecEnvCommand;
import dev.sops4j.cli.command.ExecFileCommand;
import dev.sops4j.cli.command.FilestatusCommand;
import dev.sops4j.cli.command.GroupsCommand;
import dev.sops4j.cli.command.KeygenCommand;
import dev.sops4j.cli.command.KeyserviceCommand;
import dev.sops4j.cli.command.NexusCommand;
import dev.sops4j.cli.command.PublishCommand;
import dev.sops4j.cli.command.RotateCommand;
import dev.sops4j.cli.command.SetCommand;
import dev.sops4j.cli.command.TrainCommand;
import dev.sops4j.cli.command.UnsetCommand;
import dev.sops4j.cli.command.UpdatekeysCommand;
import dev.sops4j.cli.command.git.GitCommand;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Builds the command tree and runs one invocation, mapping every outcome to an exit code via {@link ExitCodes}. */
public final class Cli {
    private final CliContext ctx;

    public Cli(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The root: {@code sops4j [flags] FILE} (edit) and the legacy mode flags are rewritten by {@link LegacyArgs}. */
    @Command(name = "sops4j", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "Encrypted files, compatible with sops 3.3 to 3.13 (age, PGP, AWS KMS).")
    public static final class Root implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "Error: no file specified (try 'sops4j --help')");
        }
    }

    /** {@code --version}: {@code sops4j <version> (<commit>)} as the build recorded them, never the network. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {dev.sops4j.core.Version.current().line("sops4j")};
        }
    }

    /** Every subcommand, in help order. */
    private static final List<Class<?>> COMMANDS = List.of(DecryptCommand.class, EncryptCommand.class,
            EditCommand.class, RotateCommand.class, UpdatekeysCommand.class, SetCommand.class, UnsetCommand.class,
            ExecEnvCommand.class, ExecFileCommand.class, FilestatusCommand.class, GroupsCommand.class,
            KeygenCommand.class, CompletionCommand.class, NexusCommand.class, TrainCommand.class,
            GitCommand.class, PublishCommand.class, KeyserviceCommand.class, CommandLine.HelpCommand.class);

    /** The full command tree (help, completion). */
    public CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * Only the subcommand being run is modelled when the first argument names one: building picocli's model of
     * every command costs more start-up time than the rest of a small decrypt.
     */
    private CommandLine commandLineFor(String first) {
        if ("--version".equals(first) || "-V".equals(first)) {
            return commandLine(List.of());
        }
        for (Class<?> c : COMMANDS) {
            if (c != CompletionCommand.class && c != CommandLine.HelpCommand.class
                    && c.getAnnotation(Command.class).name().equals(first)) {
                return commandLine(List.of(c));
            }
        }
        return commandLine(COMMANDS);
    }

    private CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Root(), new Factory());
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        if (cl.getSubcommands().containsKey("set")) {
            cl.getSubcommands().get("set").setUnmatchedOptionsArePositionalParams(true);
        }
        cl.setExecutionExceptionHandler(new ExecutionErrors());
        cl.setParameterExceptionHandler(new ParameterErrors());
        return cl;
    }

    // Named classes, not lambdas: a lambda implementing one of picocli's Java 5 interfaces makes the CDS dump
    // link that interface and then drop it from the archive, and loading it at run time searches the class path.
    private final class ExecutionErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine line, CommandLine.ParseResult parsed) {
            return ExitCodes.report(ex, ctx.err(), isVerbose(parsed));
        }
    }

    private final class ParameterErrors implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            ctx.err().println(ExitCodes.messageFor(ex) + Typos.optionHint(ex));
            return ExitCodes.codeFor(ex);
        }
    }

    public int run(String[] args) {
        Set<String> names = names();
        try {
            Typos.rejectNearMissCommand(args, names, ctx);
        } catch (RuntimeException e) {
            return ExitCodes.report(e, ctx.err(), false);
        }
        String[] rewritten = LegacyArgs.rewrite(args, names);
        try {
            CommandLine cl = commandLineFor(rewritten.length == 0 ? null : rewritten[0]);
            return cl.execute(rewritten);
        } catch (RuntimeException e) {
            return ExitCodes.report(e, ctx.err(), Arrays.asList(args).contains("--verbose"));
        }
    }

    private static Set<String> names() {
        Set<String> out = new HashSet<>();
        for (Class<?> c : COMMANDS) {
            out.add(c.getAnnotation(Command.class).name());
        }
        return out;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("--verbose");
    }

    /** Gives commands the invocation context through their constructor. */
    private final class Factory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
