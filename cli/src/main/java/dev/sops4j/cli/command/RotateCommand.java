package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.batch.Batch;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.KeyGroups;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.cli.options.RotateKeyOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rotate file}: a new data key, values re-encrypted; {@code --add-*}/{@code --rm-*} change the keys. */
@Command(name = "rotate", description = "Generate a new data key and re-encrypt; optionally add or remove master keys.")
public final class RotateCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin OutputOptions output;
    @Mixin RotateKeyOptions keys;

    @Option(names = "--ignore-mac", description = "Rotate even when the MAC does not match.")
    boolean ignoreMac;

    @Option(names = {"-R", "--recursive"}, paramLabel = "DIR",
            description = "With -i: rotate every sops file under DIR matched by a .sops.yaml creation rule.")
    String recursive;

    @Parameters(arity = "0..*", paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    public RotateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(format);
        if (files.isEmpty() && recursive == null) {
            throw new UsageException(ExitCode.NO_FILE_SPECIFIED, "Error: no file specified", null);
        }
        if (recursive != null || files.size() > 1) {
            Batch.requireInPlace(output, "rotate");
            Batch.Targets targets = Batch.targets(s, files, recursive, true);
            return Batch.run(ctx, "rotate", targets, p -> {
                rotateOne(s, targets.read(p));
                return Batch.Outcome.DONE;
            });
        }
        rotateOne(s, s.input(files.get(0)));
        return 0;
    }

    private void rotateOne(Session s, Input in) {
        Format inFormat = s.inputFormat(in.path());
        Format outFormat = s.outputFormat(in.path(), inFormat);
        try (DecryptedFile file = s.decrypt(in, inFormat, ignoreMac)) {
            List<KeyGroup> groups = KeyGroups.addRemove(file.metadata().keyGroups(), keys, s.keyRefs());
            EncryptedDocument doc = s.sops().rotate(file, groups, file.metadata().shamirThreshold());
            s.deliver(s.emitEncrypted(outFormat, doc), output, in, false);
        }
    }
}
