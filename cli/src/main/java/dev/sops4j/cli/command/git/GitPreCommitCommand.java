package dev.sops4j.cli.command.git;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.command.BaseCommand;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.KeySourceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The pre-commit guard: every STAGED file (the index, not the work tree) that a .sops.yaml creation rule with a
 * {@code path_regex} covers must be a valid sops file; it fails naming each one that is not, and warns when a file
 * is encrypted to other keys than its rule names. Needs no key: nothing is decrypted. Rules without
 * {@code path_regex} (catch-alls) are not enforced: they would cover every file in the repository. Values
 * left in plaintext inside a sops file are found without a key under the default rule; {@code --verify-mac} also
 * decrypts (when a key is at hand) and checks the MAC.
 */
@Command(name = "pre-commit", description = "Refuse staged files that a .sops.yaml rule covers but are not encrypted.")
public final class GitPreCommitCommand extends BaseCommand {
    @Option(names = "--verify-mac", description = "Also decrypt each file (when a key is available) and check its MAC.")
    boolean verifyMac;

    public GitPreCommitCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(null);
        GitProcess git = new GitProcess(ctx);
        Path root = Path.of(git.require("rev-parse", "--show-toplevel").line());
        Optional<SopsConfig> config = s.config();
        if (config.isEmpty()) {
            return 0;
        }
        String staged = git.require("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR").text();
        List<String> failures = new ArrayList<>();
        for (String name : staged.split("\0")) {
            if (name.isEmpty()) {
                continue;
            }
            Optional<CreationRule> rule = config.get().ruleFor(root.resolve(name));
            if (rule.isEmpty() || rule.get().pathRegex().isEmpty()) {
                continue;
            }
            byte[] blob = git.runIn(root, "cat-file", "blob", ":" + name).out();
            check(s, name, blob, rule.get()).ifPresent(failures::add);
        }
        for (String f : failures) {
            ctx.err().println("sops4j: " + f);
        }
        if (!failures.isEmpty()) {
            ctx.err().println("sops4j: commit refused: encrypt the file(s) above (sops4j encrypt -i FILE), then"
                    + " git add them again");
            return 1;
        }
        return 0;
    }

    /** Why {@code name} may not be committed, if it may not. */
    private Optional<String> check(Session s, String name, byte[] blob, CreationRule rule) {
        String covered = " (covered by the creation rule on line " + rule.line() + " of .sops.yaml)";
        Format f = Format.fromPath(name);
        EncryptedDocument doc;
        boolean hasMetadata;
        try {
            hasMetadata = s.store(f).hasSopsMetadata(blob);
        } catch (RuntimeException e) {
            hasMetadata = false;
        }
        if (!hasMetadata) {
            return Optional.of(name + ": not encrypted" + covered);
        }
        try {
            doc = s.store(f).parseEncrypted(blob);
        } catch (RuntimeException e) {
            return Optional.of(name + ": not a valid sops file (" + ThreeWay.oneLine(e.getMessage()) + ")" + covered);
        }
        Metadata md;
        try {
            md = s.sops().readMetadata(doc.metadata());
        } catch (RuntimeException e) {
            return Optional.of(name + ": not a valid sops file (" + ThreeWay.oneLine(e.getMessage()) + ")" + covered);
        }
        if (md.mac().isEmpty() || md.keyGroups().isEmpty()) {
            return Optional.of(name + ": not a valid sops file (no MAC or no master keys)" + covered);
        }
        Optional<String> plain = PlaintextLeaves.first(doc.branches(), md.rule());
        if (plain.isPresent()) {
            return Optional.of(name + ": not a valid sops file (the value at " + plain.get() + " is not encrypted)"
                    + covered);
        }
        if (verifyMac) {
            try (DecryptedFile ignored = s.sops().decrypt(doc, s.decryptOptions(false))) {
                // decrypts and checks the MAC
            } catch (KeyRetrievalException | KeySourceException noKey) {
                ctx.err().println("sops4j: warning: " + name + ": no key to check its MAC here");
            } catch (RuntimeException e) {
                return Optional.of(name + ": not a valid sops file (" + ThreeWay.oneLine(e.getMessage()) + ")"
                        + covered);
            }
        }
        if (!rule.keyGroups().isEmpty() && !identities(rule.keyGroups()).equals(identities(md.keyGroups()))) {
            ctx.err().println("sops4j: warning: " + name + " is encrypted to other keys than its creation rule"
                    + " names; run: sops4j updatekeys " + name);
        }
        return Optional.empty();
    }

    private static Set<String> identities(List<KeyGroup> groups) {
        Set<String> out = new TreeSet<>();
        groups.forEach(g -> g.keys().forEach(k -> out.add(k.identity())));
        return out;
    }
}
