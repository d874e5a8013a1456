package dev.sops4j.cli.command.git;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code git}: the adapters that make encrypted files diff and merge in git like ordinary ones (docs/git.md). */
@Command(name = "git", description = "Git integration: readable diffs, merges by key path, a pre-commit guard.",
        mixinStandardHelpOptions = true,
        subcommands = {GitSetupCommand.class, GitDiffCommand.class, GitMergeCommand.class,
            GitMergetoolCommand.class, GitPreCommitCommand.class})
public final class GitCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Error: missing git subcommand: setup, diff, merge, mergetool or pre-commit (try 'sops4j git --help')");
    }
}
