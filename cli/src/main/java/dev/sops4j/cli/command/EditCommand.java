package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.ops.Editor;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.ops.Specs;
import dev.sops4j.cli.ops.TempDirs;
import dev.sops4j.cli.ops.Templates;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.KeyOptions;
import dev.sops4j.cli.options.RuleOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.NotModifiedException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.io.Chunked;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edit file} (also plain {@code sops4j file}): the plaintext opens in the editor from a 0600 file in a
 * private directory that is removed on every exit path; unchanged values keep their ciphertext.
 */
@Command(name = "edit", description = "Edit an encrypted file (or create one from a template) in $SOPS_EDITOR/$EDITOR.")
public final class EditCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin KeyOptions keys;
    @Mixin RuleOptions rules;

    @Option(names = "--ignore-mac", description = "Open the file even when the MAC does not match.")
    boolean ignoreMac;

    @Option(names = {"-s", "--show-master-keys"}, description = "Not supported by sops4j (metadata is not editable).")
    boolean showMasterKeys;

    @Parameters(paramLabel = "FILE")
    String file;

    public EditCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        if (showMasterKeys) {
            throw new UsageException("Error: --show-master-keys is not supported by sops4j; use rotate/updatekeys/groups");
        }
        Session s = session(format);
        Path path = ctx.resolve(file);
        Format f = s.inputFormat(Optional.of(path));
        if (Files.exists(path)) {
            Input in = Input.read(path);
            try (DecryptedFile df = s.decrypt(in, f, ignoreMac)) {
                Editor editor = Editor.find(ctx);
                List<Mapping> edited = edit(s, editor, f, path, s.emitPlain(f, df.branches()));
                EncryptedDocument doc = s.sops().reencrypt(df.withBranches(edited));
                AtomicFiles.write(path, s.emitEncrypted(f, doc), AtomicFiles.SHARED);
            }
        } else {
            EncryptionSpec spec = Specs.forNewFile(s, keys, rules, s.nameFor(Optional.of(path)));
            Editor editor = Editor.find(ctx);
            List<Mapping> edited = edit(s, editor, f, path, Templates.forFormat(f));
            EncryptedDocument doc = s.sops().encrypt(edited, spec, f);
            AtomicFiles.write(path, s.emitEncrypted(f, doc), AtomicFiles.SHARED);
        }
        return 0;
    }

    /** Runs the editor until the text parses (re-opening on a terminal) and returns the parsed branches. */
    private List<Mapping> edit(Session s, Editor editor, Format f, Path original, byte[] plain) {
        try (TempDirs tmp = TempDirs.create(ctx.env(), ExitCode.COULD_NOT_WRITE_OUTPUT_FILE)) {
            Path work = tmp.file(original.getFileName().toString(), plain);
            while (true) {
                editor.open(work);
                byte[] after = read(work);
                try {
                    if (Arrays.equals(after, plain)) {
                        throw new NotModifiedException("File has not changed, exiting.");
                    }
                    List<Mapping> parsed = s.store(f).parsePlain(after);
                    if (parsed.isEmpty()) {
                        throw new InputException(ExitCode.NEED_AT_LEAST_ONE_DOCUMENT, "Error: the edited file has no document", null);
                    }
                    if (parsed.get(0).containsKey("sops")) {
                        throw new InputException(ExitCode.GENERIC, "Error: the edited file must not have a top-level 'sops' key", null);
                    }
                    return parsed;
                } catch (NotModifiedException e) {
                    throw e;
                } catch (SopsException e) {
                    if (!interactive()) {
                        throw new InputException(ExitCode.GENERIC, "Error: the edited file is invalid ("
                                + e.getMessage() + "); " + original.getFileName() + " was not changed", e);
                    }
                    ctx.err().println("Could not load the edited file: " + e.getMessage());
                    ctx.err().print("Press Enter to return to the editor, or Ctrl+C to exit.");
                    ctx.err().flush();
                    waitForEnter();
                } finally {
                    Arrays.fill(after, (byte) 0);
                }
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private boolean interactive() {
        return ctx.systemStreams() && System.console() != null;
    }

    private void waitForEnter() {
        try {
            int c;
            do {
                c = ctx.in().read();
            } while (c != -1 && c != '\n');
            if (c == -1) {
                throw new InputException(ExitCode.GENERIC, "Error: stdin closed; the file was not changed", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Chunked.readAll(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
