package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ops.JsonValues;
import dev.sops4j.cli.ops.Rewrites;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.path.TreePaths;
import dev.sops4j.core.tree.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code set file path value}: sets one value (JSON) in an encrypted file, in place. */
@Command(name = "set", description = "Set the value at a tree path of an encrypted file (value as JSON), in place.")
public final class SetCommand extends BaseCommand {
    @Mixin FormatOptions format;

    @Option(names = "--value-file", description = "The value argument names a file holding the JSON value.")
    boolean valueFile;

    @Option(names = "--value-stdin", description = "Read the JSON value from stdin.")
    boolean valueStdin;

    @Option(names = "--idempotent", description = "Do not rewrite the file when the value is already set.")
    boolean idempotent;

    @Parameters(arity = "2..3", paramLabel = "FILE PATH [VALUE]")
    List<String> args = new ArrayList<>();

    public SetCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        if (valueFile && valueStdin) {
            throw new UsageException("Error: --value-file and --value-stdin cannot be used together");
        }
        String file = args.get(0);
        TreePath path = Rewrites.path("set", args.get(1));
        Node value = JsonValues.parse(valueText());
        var s = session(format);
        Rewrites.rewrite(s, ctx.resolve(file), !idempotent, root -> {
            if (idempotent && TreePaths.find(root, path).equals(Optional.of(value))) {
                return root;
            }
            return TreePaths.set(root, path, value);
        });
        return 0;
    }

    private String valueText() {
        if (valueStdin) {
            if (args.size() != 2) {
                throw new UsageException(ExitCode.INVALID_SET_FORMAT, "Error: with --value-stdin give only FILE and PATH", null);
            }
            try {
                return new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException("Error reading the value from stdin: " + e.getMessage(), e);
            }
        }
        if (args.size() != 3) {
            throw new UsageException(ExitCode.INVALID_SET_FORMAT, "Error: set needs FILE PATH VALUE", null);
        }
        if (valueFile) {
            try {
                return Files.readString(ctx.resolve(args.get(2)), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException(ExitCode.GENERIC, "Error reading the value file " + args.get(2) + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file or directory" : e.getMessage()), e);
            }
        }
        return args.get(2);
    }
}
