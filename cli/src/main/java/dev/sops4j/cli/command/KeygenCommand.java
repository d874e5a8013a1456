package dev.sops4j.cli.command;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.core.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen}: a new age X25519 identity in age-keygen's file format. */
@Command(name = "keygen", description = "Generate an age identity (like age-keygen); the public key goes to stderr.")
public final class KeygenCommand extends BaseCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the identity to FILE (mode 0600) instead of stdout.")
    String output;

    public KeygenCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        KeyPair kp = new X25519KeyPairGenerator().generateKeyPair();
        String recipient = kp.getPublic().toString();
        String created = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String text = "# created: " + created + "\n# public key: " + recipient + "\n" + kp.getPrivate() + "\n";
        if (output != null) {
            var target = ctx.resolve(output);
            if (Files.exists(target)) {
                throw new UsageException("Error: " + target + " exists; not overwriting an identity file");
            }
            AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
        } else {
            ctx.out().print(text);
            ctx.out().flush();
        }
        ctx.err().println("Public key: " + recipient);
        return 0;
    }
}
