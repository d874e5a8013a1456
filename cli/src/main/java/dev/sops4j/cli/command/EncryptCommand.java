package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.batch.Batch;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.ops.Specs;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.KeyOptions;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.cli.options.RuleOptions;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FileAlreadyEncryptedException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.Mapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code encrypt [file...]}: encrypts a plaintext file with keys from flags or .sops.yaml. */
@Command(name = "encrypt", description = "Encrypt a file (stdin when none) to stdout, --output or in place (-i).")
public final class EncryptCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin OutputOptions output;
    @Mixin KeyOptions keys;
    @Mixin RuleOptions rules;

    @Option(names = {"-R", "--recursive"}, paramLabel = "DIR",
            description = "With -i: encrypt every plaintext file under DIR matched by a .sops.yaml creation rule.")
    String recursive;

    @Parameters(arity = "0..*", paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    public EncryptCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(format);
        if (recursive != null || files.size() > 1) {
            Batch.requireInPlace(output, "encrypt");
            Batch.Targets targets = Batch.targets(s, files, recursive, false);
            return Batch.run(ctx, "encrypt", targets, p -> {
                Session own = s; // shared: key sources cache identities and data-key lookups across files
                Input in = targets.read(p);
                if (recursive != null && own.store(own.inputFormat(in.path())).hasSopsMetadata(in.bytes())) {
                    return Batch.Outcome.SKIPPED;
                }
                encryptOne(own, in);
                return Batch.Outcome.DONE;
            });
        }
        encryptOne(s, s.input(files.isEmpty() ? null : files.get(0)));
        return 0;
    }

    private void encryptOne(Session s, Input in) {
        Optional<Path> name = s.nameFor(in.path());
        Format inFormat = s.inputFormat(in.path());
        Format outFormat = s.outputFormat(in.path(), inFormat);
        EncryptionSpec spec = Specs.forNewFile(s, keys, rules, name);
        Store store = s.store(inFormat);
        if (store.hasSopsMetadata(in.bytes())) {
            throw new FileAlreadyEncryptedException("Error: " + in.name()
                    + " is already encrypted (it has a top-level 'sops' key); decrypt or edit it instead");
        }
        // the input is not written to again (nor wiped): the binary store keeps it as the value, without a copy
        List<Mapping> plain = store.parsePlainOwned(in.bytes());
        if (plain.isEmpty()) {
            throw new InputException(ExitCode.NEED_AT_LEAST_ONE_DOCUMENT,
                    "Error: " + in.name() + " contains no document to encrypt", null);
        }
        EncryptedDocument doc = s.sops().encrypt(plain, spec, outFormat);
        s.deliver(s.emitEncrypted(outFormat, doc), output, in, false, true);
    }
}
