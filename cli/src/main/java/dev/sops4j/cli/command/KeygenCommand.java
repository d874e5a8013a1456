package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.batch.OutputTree;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.age.AgeKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keygen}: a new age X25519 (or, with --pq, hybrid post-quantum) identity in age-keygen's file format; {@code -y} prints an identity's recipient. */
@Command(name = "keygen", description = "Generate an age identity (like age-keygen); the public key goes to stderr.")
public final class KeygenCommand extends BaseCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the identity to FILE (mode 0600; missing directories are created 0700) instead of stdout.")
    String output;

    @Option(names = "--pq", description = "Generate a post-quantum hybrid (ML-KEM-768 + X25519) identity, like age-keygen -pq.")
    boolean pq;

    @Option(names = "-y", description = "Print the recipients of the identities in INPUT (or stdin) instead.")
    boolean convert;

    @Parameters(arity = "0..1", paramLabel = "INPUT", description = "Identity file for -y.")
    String input;

    public KeygenCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        if (convert) {
            return printRecipients();
        }
        if (input != null) {
            throw new UsageException("Error: keygen takes no file argument (did you mean -y FILE?)");
        }
        AgeKeys.GeneratedIdentity id = pq ? AgeKeys.generateHybridIdentity() : AgeKeys.generateIdentity();
        if (output != null) {
            var target = ctx.resolve(output);
            if (Files.exists(target)) {
                throw new UsageException("Error: " + target + " exists; not overwriting an identity file");
            }
            // ~/.config/sops/age may not exist yet: create what is missing, private like the key itself
            OutputTree.makeDirectories(target.getParent());
            AtomicFiles.writeWithMode(target, id.fileText().getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
        } else {
            ctx.out().print(id.fileText());
            ctx.out().flush();
        }
        ctx.err().println("Public key: " + id.recipient());
        return 0;
    }

    private int printRecipients() {
        String text;
        try {
            text = input == null ? new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(ctx.resolve(input), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("Error reading identities: " + e.getMessage(), e);
        }
        int n = 0;
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                ctx.out().println(AgeKeys.recipientOf(l));
            } catch (dev.sops4j.core.error.KeySourceException e) {
                // the message never echoes the (secret) line
                throw new InputException("Error: identity " + (n + 1) + " is not an age X25519 or post-quantum identity", null);
            }
            n++;
        }
        if (n == 0) {
            throw new InputException("Error: no age identity found");
        }
        ctx.out().flush();
        return 0;
    }
}
