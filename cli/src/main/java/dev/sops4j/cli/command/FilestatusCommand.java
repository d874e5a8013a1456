package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.StrValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code filestatus file}: prints {@code {"encrypted":true}} when the file has sops metadata with a version and MAC. */
@Command(name = "filestatus", description = "Print whether a file is sops-encrypted, as JSON.")
public final class FilestatusCommand extends BaseCommand {
    @Mixin FormatOptions format;

    @Parameters(paramLabel = "FILE")
    String file;

    public FilestatusCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(format);
        Input in = Input.read(ctx.resolve(file));
        Format f = s.inputFormat(in.path());
        boolean encrypted;
        try {
            EncryptedDocument doc = s.store(f).parseEncrypted(in.bytes());
            encrypted = nonEmpty(doc.metadata(), "version") && nonEmpty(doc.metadata(), "mac");
        } catch (InputException e) {
            // as sops: a file that cannot be parsed is an error, not "not encrypted"
            throw new InputException(ExitCode.GENERIC, "cannot check file status: " + e.getMessage(), e);
        } catch (SopsException e) {
            encrypted = false;
        }
        ctx.out().print("{\"encrypted\":" + encrypted + "}\n");
        ctx.out().flush();
        return 0;
    }

    private static boolean nonEmpty(Mapping m, String key) {
        return m.get(key).map(v -> !(v instanceof StrValue s) || !s.value().isEmpty()).orElse(false);
    }
}
