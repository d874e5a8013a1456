package dev.sops4j.cli.command.git;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.command.BaseCommand;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.ops.Editor;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.ops.TempDirs;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.io.Chunked;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Resolves a conflicted sops file during a merge: base, ours and theirs come from the index stages
 * ({@code :1:}, {@code :2:}, {@code :3:}), the decrypted three-way view opens in {@code $SOPS_EDITOR}/{@code $EDITOR}
 * from a 0600 file in a 0700 directory removed on every exit path, and the saved resolution is encrypted into the
 * working file with ours' data key. Also git's {@code mergetool.sops4j.cmd}.
 */
@Command(name = "mergetool", description = "Resolve a conflicted encrypted FILE in $EDITOR (three-way, decrypted).")
public final class GitMergetoolCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE")
    String file;

    public GitMergetoolCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(null);
        Path target = ctx.resolve(file);
        GitProcess git = new GitProcess(ctx);
        byte[] ours = stage(git, 2, true);
        byte[] theirs = stage(git, 3, true);
        byte[] base = stage(git, 1, false);
        Format f = Format.fromPath(target.getFileName().toString());
        try (ThreeWay merge = ThreeWay.open(s, f, file, base, ours, theirs)) {
            byte[] document = s.emitPlain(f, merge.result().branches());
            byte[] view = ConflictFile.render(file, merge.conflicts(), merge.keysConflict(), s.store(f), document);
            Arrays.fill(document, (byte) 0);
            List<Mapping> resolved = edit(s, f, target, view, !merge.clean());
            AtomicFiles.write(target, merge.seal(resolved), AtomicFiles.SHARED);
        }
        ctx.err().println("sops4j: " + file + " resolved and encrypted; mark it with: git add " + file);
        return 0;
    }

    private List<Mapping> edit(Session s, Format f, Path target, byte[] view, boolean conflicted) {
        try (TempDirs tmp = TempDirs.create(ctx.env(), ExitCode.COULD_NOT_WRITE_OUTPUT_FILE)) {
            Path work = tmp.file(target.getFileName().toString(), view);
            Editor.find(ctx).open(work);
            byte[] after = Chunked.readAll(work);
            byte[] body = ConflictFile.strip(after);
            try {
                if (conflicted && Arrays.equals(after, view)) {
                    throw new InputException(ExitCode.GENERIC, "Error: " + file + " was saved unchanged: the conflict"
                            + " is not resolved and the file was not changed", null);
                }
                List<Mapping> parsed = s.store(f).parsePlain(body);
                if (parsed.isEmpty()) {
                    throw new InputException(ExitCode.NEED_AT_LEAST_ONE_DOCUMENT, "Error: the resolution of " + file
                            + " has no document; the file was not changed", null);
                }
                return parsed;
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InputException(ExitCode.GENERIC, "Error: the resolution of " + file + " is invalid ("
                        + ThreeWay.oneLine(e.getMessage()) + "); the file was not changed", e);
            } finally {
                Arrays.fill(after, (byte) 0);
                Arrays.fill(body, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Arrays.fill(view, (byte) 0);
        }
    }

    /** The blob at index stage {@code n} of FILE; stage 1 is absent when both sides added the file. */
    private byte[] stage(GitProcess git, int n, boolean required) {
        Path cwd = ctx.env().workingDirectory().toAbsolutePath().normalize();
        String rel = cwd.relativize(ctx.resolve(file)).toString();
        GitProcess.Result r = git.run("cat-file", "blob", ":" + n + ":./" + rel);
        if (r.code() != 0) {
            if (required) {
                throw new UsageException(ExitCode.GENERIC, "Error: " + file + " is not in a conflicted merge (no index"
                        + " stage " + n + "; run this while git reports the conflict)", null);
            }
            return new byte[0];
        }
        return r.out();
    }
}
