package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.DestinationRule;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.publish.Publication;
import dev.sops4j.core.publish.Publishers;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code publish file|dir}: sends sops files to the destination of the first matching {@code destination_rules}
 * entry of .sops.yaml. Object stores get the encrypted file (re-encrypted first for the rule's
 * {@code recreation_rule} when it has keys); Vault KV gets the decrypted top-level values.
 */
@Command(name = "publish", description = "Publish sops files to the destinations of .sops.yaml destination_rules.")
public final class PublishCommand extends BaseCommand {
    @Mixin FormatOptions format;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation before each upload.")
    boolean yes;

    @Option(names = "--omit-extensions", description = "Drop the file extension in the destination name.")
    boolean omitExtensions;

    @Option(names = "--recursive", description = "Publish every file under the given directory.")
    boolean recursive;

    @Parameters(arity = "1", paramLabel = "FILE|DIR")
    String target;

    private Publishers publishers;
    private BufferedReader answers;

    public PublishCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(format);
        SopsConfig config = s.config().orElseThrow(() -> new ConfigException(
                "Error: publish needs a .sops.yaml with destination_rules; none found"));
        Path path = ctx.resolve(target);
        if (!Files.exists(path)) {
            throw Input.nonExistent(path);
        }
        if (!Files.isDirectory(path)) {
            publishOne(s, config, target, path);
            return 0;
        }
        if (!recursive) {
            throw new UsageException(ExitCode.GENERIC, "can't operate on a directory without --recursive flag.", null);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            String given = target.replaceAll("/+$", "") + "/" + path.relativize(f).toString().replace('\\', '/');
            publishOne(s, config, given, f);
        }
        return 0;
    }

    private void publishOne(Session s, SopsConfig config, String given, Path file) {
        DestinationRule rule = config.requireDestinationFor(given);
        Input in = Input.read(file);
        Format f = s.inputFormat(in.path());
        String fileName = file.getFileName().toString();
        if (omitExtensions || rule.omitExtensions()) {
            int dot = fileName.lastIndexOf('.');
            fileName = dot < 0 ? fileName : fileName.substring(0, dot);
        }
        Publishers pubs = publishers();
        Optional<CreationRule> recreate = rule.recreationRule().filter(r -> !r.keyGroups().isEmpty());
        Publication publication;
        if (pubs.wantsPlaintext(rule.destination())) {
            try (DecryptedFile df = s.decrypt(in, f, false)) {
                publication = Publication.plaintext(fileName, s.emitPlain(Format.JSON, List.of(df.branches().get(0))));
            }
        } else if (recreate.isPresent()) {
            try (DecryptedFile df = s.decrypt(in, f, false)) {
                EncryptedDocument doc = s.sops().rotate(df, recreate.get().keyGroups(),
                        recreate.get().shamirThreshold());
                publication = Publication.encrypted(fileName, s.emitEncrypted(f, doc));
            }
        } else {
            publication = Publication.encrypted(fileName, s.emitEncrypted(f, s.parseEncrypted(in, f)));
        }
        try (publication) {
            if (!yes && !confirm(given, pubs.describe(rule.destination(), fileName))) {
                ctx.out().println("Publication of " + given + " canceled");
                return;
            }
            pubs.publish(rule.destination(), publication);
        }
    }

    private boolean confirm(String given, String destination) {
        try {
            if (answers == null) {
                answers = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
            }
            while (true) {
                ctx.out().print("uploading " + given + " to " + destination + " ? (y/n): ");
                ctx.out().flush();
                String line = answers.readLine();
                if (line == null) {
                    return false;
                }
                if (line.trim().equals("y")) {
                    return true;
                }
                if (line.trim().equals("n")) {
                    return false;
                }
            }
        } catch (IOException e) {
            throw new UsageException(ExitCode.GENERIC, "cannot read the answer: " + e.getMessage(), e);
        }
    }

    private Publishers publishers() {
        if (publishers == null) {
            publishers = dev.sops4j.runtime.PublisherWiring.publishers(ctx.env());
        }
        return publishers;
    }
}
