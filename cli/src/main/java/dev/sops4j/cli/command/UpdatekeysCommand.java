package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.batch.Batch;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.KeyGroups;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code updatekeys file...}: makes each file's key groups and threshold match its .sops.yaml creation rule,
 * re-wrapping the same data key (values, lastmodified and MAC stay byte-identical).
 */
@Command(name = "updatekeys", description = "Sync the files' master keys with .sops.yaml (keeps the data key).")
public final class UpdatekeysCommand extends BaseCommand {
    private static final DateTimeFormatter GO_LOG = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    @Mixin FormatOptions format;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = {"-R", "--recursive"}, paramLabel = "DIR",
            description = "Update every sops file under DIR matched by a .sops.yaml creation rule.")
    String recursive;

    @Parameters(arity = "0..*", paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    public UpdatekeysCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(format);
        if (files.isEmpty() && recursive == null) {
            throw new UsageException(ExitCode.NO_FILE_SPECIFIED, "Error: no file specified", null);
        }
        if (!yes && (files.size() > 1 || recursive != null)) {
            throw new UsageException("Error: updating several files needs -y");
        }
        if (files.size() == 1 && recursive == null) {
            updateOne(s, Input.read(ctx.resolve(files.get(0))));
            return 0;
        }
        Batch.Targets targets = Batch.targets(s, files, recursive, true);
        return Batch.run(ctx, "updatekeys", targets, p -> updateOne(s, targets.read(p))
                ? Batch.Outcome.DONE : Batch.Outcome.SKIPPED);
    }

    private boolean updateOne(Session s, Input in) {
        Path file = in.path().orElseThrow();
        synchronized (ctx.err()) {
            ctx.err().println(LocalDateTime.now().format(GO_LOG) + " Syncing keys for file " + file);
        }
        SopsConfig config = s.config().orElseThrow(() -> new ConfigException(
                "Error: updatekeys needs a .sops.yaml with a creation rule for " + file + "; none found"));
        CreationRule rule = config.requireRuleFor(file);
        Format f = s.inputFormat(in.path());
        EncryptedDocument doc = s.parseEncrypted(in, f);
        Metadata meta = s.sops().readMetadata(doc.metadata());
        List<KeyGroup> wanted = rule.keyGroups();
        KeyGroups.requireSupported(wanted);
        int threshold = rule.shamirThreshold();
        boolean sameThreshold = threshold == meta.shamirThreshold()
                || (threshold == 0 && meta.shamirThreshold() == meta.keyGroups().size());
        if (KeyGroups.sameKeys(meta.keyGroups(), wanted) && sameThreshold) {
            ctx.err().println(LocalDateTime.now().format(GO_LOG) + " File " + file + " already up to date");
            return false;
        }
        describe(meta.keyGroups(), wanted);
        if (!yes && !confirm()) {
            ctx.err().println(LocalDateTime.now().format(GO_LOG) + " File " + file + " left unchanged");
            return false;
        }
        EncryptedDocument updated = s.sops().rewrap(doc, s.decryptOptions(false), wanted, threshold);
        AtomicFiles.write(file, s.emitEncrypted(f, updated), AtomicFiles.Mode.keepOr(AtomicFiles.SHARED),
                AtomicFiles.Expect.readFrom(in));
        ctx.err().println(LocalDateTime.now().format(GO_LOG) + " File " + file + " synced with new keys");
        return true;
    }

    private void describe(List<KeyGroup> have, List<KeyGroup> want) {
        StringBuilder sb = new StringBuilder("The following changes will be made to the file's groups:\n");
        for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
            Set<String> a = i < have.size() ? KeyGroups.identities(have.get(i)) : Set.of();
            Set<String> b = i < want.size() ? KeyGroups.identities(want.get(i)) : Set.of();
            sb.append("Group ").append(i + 1).append('\n');
            for (String k : b) {
                sb.append(a.contains(k) ? "    " : "+++ ").append(strip(k)).append('\n');
            }
            for (String k : a) {
                if (!b.contains(k)) {
                    sb.append("--- ").append(strip(k)).append('\n');
                }
            }
        }
        ctx.err().print(sb);
        ctx.err().flush();
    }

    private static String strip(String identity) {
        return identity.substring(identity.indexOf(':') + 1);
    }

    private boolean confirm() {
        ctx.err().print("Is this okay? (y/n):");
        ctx.err().flush();
        try {
            String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
            return line != null && line.trim().equalsIgnoreCase("y");
        } catch (IOException e) {
            return false;
        }
    }
}
