package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.KeyGroups;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.KeyOptions;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code groups add|delete}: adds or removes a whole key group, re-wrapping the same data key. */
@Command(mixinStandardHelpOptions = true, name = "groups", description = "Add or delete key groups.",
        subcommands = {GroupsCommand.Add.class, GroupsCommand.Delete.class})
public final class GroupsCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("Error: use 'groups add' or 'groups delete'");
    }

    abstract static class Change extends BaseCommand {
        @Mixin FormatOptions format;
        @Mixin OutputOptions output;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The encrypted file.")
        String file;

        Change(CliContext ctx) {
            super(ctx);
        }

        abstract Integer threshold();

        int apply(Function<List<KeyGroup>, List<KeyGroup>> change) {
            Integer threshold = threshold();
            Session s = session(format);
            Input in = Input.read(ctx.resolve(file));
            Format f = s.inputFormat(in.path());
            EncryptedDocument doc = s.parseEncrypted(in, f);
            Metadata meta = s.sops().readMetadata(doc.metadata());
            List<KeyGroup> groups = change.apply(new ArrayList<>(meta.keyGroups()));
            int t = threshold != null ? threshold : Math.min(meta.shamirThreshold(), groups.size());
            if (t > groups.size()) {
                throw new UsageException("Error: shamir threshold " + t + " is larger than the number of key groups ("
                        + groups.size() + ")");
            }
            EncryptedDocument updated = s.sops().rewrap(doc, s.decryptOptions(false), groups, t);
            s.deliver(s.emitEncrypted(s.outputFormat(in.path(), f), updated), output, in, false);
            return 0;
        }
    }

    /** {@code groups add --file F --age ... [--pgp ...] [--kms ...]}: one new group with the given keys. */
    @Command(name = "add", description = "Add a key group made of the given keys.")
    public static final class Add extends Change {
        @Mixin KeyOptions keys;

        public Add(CliContext ctx) {
            super(ctx);
        }

        @Override
        Integer threshold() {
            return keys.shamirThreshold;
        }

        @Override
        protected int run() {
            Session s = session(format);
            List<KeyRef> refs = KeyGroups.fromFlags(keys, ctx.env(), s.keyRefs());
            if (refs.isEmpty()) {
                throw new UsageException("Error: groups add needs at least one key (--age, --pgp or --kms)");
            }
            return apply(groups -> {
                groups.add(new KeyGroup(refs));
                return groups;
            });
        }
    }

    /** {@code groups delete --file F INDEX}: removes the group at INDEX (zero-based, as in sops). */
    @Command(name = "delete", description = "Delete the key group at a (zero-based) index.")
    public static final class Delete extends Change {
        @Parameters(paramLabel = "INDEX")
        int index;

        @Option(names = "--shamir-secret-sharing-threshold", paramLabel = "N", description = "New Shamir threshold.")
        Integer threshold;

        public Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        Integer threshold() {
            return threshold;
        }

        @Override
        protected int run() {
            return apply(groups -> {
                if (index < 0 || index >= groups.size()) {
                    throw new UsageException("Error: no key group " + index + " (the file has " + groups.size() + ")");
                }
                groups.remove(index);
                return groups;
            });
        }
    }
}
