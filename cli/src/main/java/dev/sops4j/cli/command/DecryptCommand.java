package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.batch.Batch;
import dev.sops4j.cli.batch.OutputTree;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.path.TreePaths;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.error.UsageException;
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

/**
 * {@code decrypt [file...]}: prints the plaintext, or with {@code -i} decrypts one or many files in place, or with
 * {@code --output-dir} writes them below a directory.
 */
@Command(name = "decrypt", description = "Decrypt a file (stdin when none) to stdout, --output or in place (-i).")
public final class DecryptCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin OutputOptions output;

    @Option(names = "--extract", paramLabel = "PATH", description = "Print only the value at a tree path, e.g. '[\"db\"][\"password\"]'.")
    String extract;

    @Option(names = "--ignore-mac", description = "Decrypt even when the MAC does not match.")
    boolean ignoreMac;

    @Option(names = {"-R", "--recursive"}, paramLabel = "DIR",
            description = "With -i or --output-dir: decrypt every sops file under DIR matched by a .sops.yaml creation rule.")
    String recursive;

    @Option(names = "--output-dir", paramLabel = "OUT", description = "Write each decrypted file below OUT, mirroring"
            + " the tree (files 0600, new directories 0700, written atomically); the sources are left untouched.")
    String outputDir;

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
        if (outputDir != null || recursive != null || files.size() > 1) {
            return batch(s, path);
        }
        Input in = s.input(files.isEmpty() ? null : files.get(0));
        decryptOne(s, in, path);
        return 0;
    }

    /**
     * Several files, {@code -R DIR} or {@code --output-dir}: in place or below OUT. A file that is not encrypted is
     * skipped (as {@code encrypt -R} skips encrypted ones), so a deploy script can run twice.
     */
    private int batch(Session s, TreePath path) {
        OutputTree tree = null;
        if (outputDir != null) {
            if (output.inPlace || output.output != null) {
                throw new UsageException("Error: --output-dir cannot be combined with -i/--in-place or --output");
            }
            tree = new OutputTree(ctx.resolve(outputDir),
                    recursive != null ? ctx.resolve(recursive) : ctx.env().workingDirectory());
        } else {
            Batch.requireInPlace(output, "decrypt");
        }
        OutputTree out = tree;
        Batch.Targets targets = Batch.targets(s, files, recursive, true);
        // shared session: key sources cache identities and data-key lookups across files
        return Batch.run(ctx, "decrypt", targets, p -> {
            Input in = targets.read(p);
            byte[] plain;
            try {
                // decrypt first: one parse for the usual file, and a binary file (whose plain form has no
                // metadata to look for) is decrypted rather than skipped
                plain = plaintext(s, in, path);
            } catch (InputException | MetadataException e) {
                if (!s.store(s.inputFormat(in.path())).hasSopsMetadata(in.bytes())) {
                    return Batch.Outcome.SKIPPED;
                }
                throw e;
            }
            if (out != null) {
                out.write(p, plain);
            } else {
                s.deliver(plain, output, in, true);
            }
            return Batch.Outcome.DONE;
        });
    }

    private void decryptOne(Session s, Input in, TreePath path) {
        s.deliver(plaintext(s, in, path), output, in, true);
    }

    private byte[] plaintext(Session s, Input in, TreePath path) {
        Format inFormat = s.inputFormat(in.path());
        Format outFormat = s.outputFormat(in.path(), inFormat);
        try (DecryptedFile file = s.decryptToRead(in, inFormat, ignoreMac)) {
            return path == null ? s.emitPlain(outFormat, file.branches())
                    : extracted(s, outFormat, TreePaths.extract(file.branches().get(0), path));
        }
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
