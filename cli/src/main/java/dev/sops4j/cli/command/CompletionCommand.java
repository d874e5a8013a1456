package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.core.error.UsageException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion bash|zsh}: prints a shell completion script. */
@Command(name = "completion", description = "Print a completion script: 'source <(sops4j completion bash)'.")
public final class CompletionCommand extends BaseCommand {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    public CompletionCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("sops4j", root);
        switch (shell) {
            case "bash" -> ctx.out().print(script);
            case "zsh" -> ctx.out().print("autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script);
            default -> throw new UsageException("Error: unknown shell '" + shell + "': use bash or zsh");
        }
        ctx.out().flush();
        return 0;
    }
}
