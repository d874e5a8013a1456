package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ops.Rewrites;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.path.TreePaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unset file path}: removes one key or list item from an encrypted file, in place. */
@Command(name = "unset", description = "Remove the value at a tree path of an encrypted file, in place.")
public final class UnsetCommand extends BaseCommand {
    @Mixin FormatOptions format;

    @Option(names = "--idempotent", description = "Succeed without change when the path does not exist.")
    boolean idempotent;

    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    public UnsetCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        TreePath p = Rewrites.path("unset", path);
        Rewrites.rewrite(session(format), ctx.resolve(file), !idempotent, root -> {
            if (idempotent && TreePaths.find(root, p).isEmpty()) {
                return root;
            }
            return TreePaths.unset(root, p);
        });
        return 0;
    }
}
