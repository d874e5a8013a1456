package dev.sops4j.cli.command.git;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.command.BaseCommand;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.io.Chunked;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The git textconv filter ({@code diff.sops4j.textconv = sops4j git diff}): prints a sops file's plaintext without
 * its {@code sops} metadata, so diffs show only value changes. Anything it cannot decrypt (not a sops file, no key,
 * a bad MAC) is printed as stored and the exit status stays 0: a diff must never break {@code git log -p}.
 */
@Command(name = "diff", description = "Git textconv filter: print FILE decrypted without metadata (as stored if it cannot).")
public final class GitDiffCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE")
    String file;

    public GitDiffCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Path p = ctx.resolve(file);
        byte[] stored;
        try {
            stored = Chunked.readAll(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] shown = stored;
        byte[] plain = null;
        try {
            Session s = session(null);
            Format f = Format.fromPath(p.getFileName().toString());
            if (ThreeWay.isSops(s, f, stored)) {
                EncryptedDocument doc = s.store(f).parseEncrypted(stored);
                try (DecryptedFile df = s.sops().decrypt(doc, s.decryptOptions(false))) {
                    plain = s.emitPlain(f, df.branches());
                    shown = plain;
                }
            }
        } catch (RuntimeException e) {
            if (common.verbose) {
                ctx.err().println("sops4j git diff: showing " + file + " as stored: " + ThreeWay.oneLine(e.getMessage()));
            }
        }
        try {
            Chunked.writeAll(ctx.out(), shown);
            ctx.out().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
        return 0;
    }
}
