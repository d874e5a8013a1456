package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.batch.Batch;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.path.TreePaths;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code decrypt [file...]}: prints the plaintext, or with {@code -i} decrypts one or many files in place. */
@Command(name = "decrypt", description = "Decrypt a file (stdin when none) to stdout, --output or in place (-i).")
public final class DecryptCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin OutputOptions output;

    @Option(names = "--extract", paramLabel = "PATH", description = "Print only the value at a tree path, e.g. '[\"db\"][\"password\"]'.")
    String extract;

    @Option(names = "--ignore-mac", description = "Decrypt even when the MAC does not match.")
    boolean ignoreMac;

    @Option(names = {"-R", "--recursive"}, paramLabel = "DIR",
            description = "With -i: decrypt every sops file under DIR matched by a .sops.yaml creation rule.")
    String recursive;

    @Parameters(arity = "0..*", paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    public DecryptCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(format);
        TreePath path = extract == null ? null : TreePath.parse(extract);
        s.decryptOptions(ignoreMac);
        if (recursive != null || files.size() > 1) {
            Batch.requireInPlace(output, "decrypt");
            Batch.Targets targets = Batch.targets(s, files, recursive, true);
            return Batch.run(ctx, "decrypt", targets, p -> {
                Session own = s; // shared: key sources cache identities and data-key lookups across files
                return decryptOne(own, targets.read(p), path) ? Batch.Outcome.DONE : Batch.Outcome.SKIPPED;
            });
        }
        Input in = s.input(files.isEmpty() ? null : files.get(0));
        decryptOne(s, in, path);
        return 0;
    }

    private boolean decryptOne(Session s, Input in, TreePath path) {
        Format inFormat = s.inputFormat(in.path());
        Format outFormat = s.outputFormat(in.path(), inFormat);
        try (DecryptedFile file = s.decrypt(in, inFormat, ignoreMac)) {
            byte[] bytes = path == null ? s.emitPlain(outFormat, file.branches())
                    : extracted(s, outFormat, TreePaths.extract(file.branches().get(0), path));
            s.deliver(bytes, output, in, true);
        }
        return true;
    }

    /** As sops: a string prints raw, a mapping as a whole document, anything else through the store. */
    private static byte[] extracted(Session s, Format f, Node n) {
        if (n instanceof StrValue str) {
            return str.value().getBytes(StandardCharsets.UTF_8);
        }
        if (n instanceof Mapping m) {
            return s.emitPlain(f, List.of(m));
        }
        return s.store(f).emitValue(n);
    }
}
