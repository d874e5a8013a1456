package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ExitCodes;
import dev.sops4j.cli.ops.GoValues;
import dev.sops4j.cli.ops.Processes;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.ExecOptions;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Scalar;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code exec-env file command}: runs a shell command with the file's top-level values as environment variables. */
@Command(name = "exec-env", description = "Run a command with the decrypted top-level values in its environment.")
public final class ExecEnvCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin ExecOptions exec;

    @Option(names = "--pristine", description = "Do not pass this process' environment to the command.")
    boolean pristine;

    @Option(names = "--same-process", description = "Accepted; sops4j always runs a child process.")
    boolean sameProcess;

    public ExecEnvCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        exec.rejectUnsupported();
        Session s = session(format);
        var in = s.input(exec.file);
        Format f = s.inputFormat(in.path());
        Map<String, String> env = new LinkedHashMap<>();
        if (!pristine) {
            env.putAll(ctx.env().variables());
        }
        try (DecryptedFile df = s.decrypt(in, f, exec.ignoreMac)) {
            for (MapEntry e : df.branches().get(0).entries()) {
                if (e instanceof Pair p) {
                    if (!(p.value() instanceof Scalar sc)) {
                        throw new UsageException(ExitCode.GENERIC,
                                "cannot use complex value in environment; offending key " + p.key(), null);
                    }
                    env.put(p.key(), GoValues.format(sc));
                }
            }
        }
        int code = Processes.run(ctx, Processes.shell(exec.command), env);
        if (code != 0) {
            throw new ExitCodes.ChildExit(code);
        }
        return 0;
    }
}
