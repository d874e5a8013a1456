package dev.sops4j.cli.command.git;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.command.BaseCommand;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.core.io.Chunked;
import dev.sops4j.core.merge.Conflict;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The git merge driver ({@code merge.sops4j.driver = sops4j git merge %O %A %B %P}): merges sops files by key path
 * in memory and writes the re-encrypted result to {@code %A}. On a conflict {@code %A} stays ours (encrypted and
 * valid) and the exit status is 1, so git records the conflict for {@code sops4j git mergetool}. Files that are
 * not sops files get git's own line merge ({@code git merge-file}).
 */
@Command(name = "merge", description = "Git merge driver: BASE OURS THEIRS PATH (%%O %%A %%B %%P); merges by key path.")
public final class GitMergeCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BASE", description = "%%O: the common ancestor's version")
    String base;

    @Parameters(index = "1", paramLabel = "OURS", description = "%%A: our version; receives the result")
    String ours;

    @Parameters(index = "2", paramLabel = "THEIRS", description = "%%B: their version")
    String theirs;

    @Parameters(index = "3", paramLabel = "PATH", description = "%%P: the path in the repository (picks the format)")
    String path;

    public GitMergeCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        Session s = session(null);
        Path oursFile = ctx.resolve(ours);
        byte[] b = read(ctx.resolve(base));
        byte[] o = read(oursFile);
        byte[] t = read(ctx.resolve(theirs));
        try {
            s.config();
        } catch (RuntimeException e) {
            // a line merge of a sops file would break it: keep ours and let git record a conflict
            ctx.err().println("sops4j: cannot merge " + path + " (" + ThreeWay.oneLine(e.getMessage())
                    + "); the file is left as ours");
            return 1;
        }
        Format format;
        try {
            format = Format.fromPath(path);
            if (!ThreeWay.isSops(s, format, o) || !ThreeWay.isSops(s, format, t)) {
                return lineMerge();
            }
        } catch (RuntimeException e) {
            return lineMerge();
        }
        try (ThreeWay merge = ThreeWay.open(s, format, path, b, o, t)) {
            if (!merge.clean()) {
                String where = merge.conflicts().stream().map(Conflict::describePath).distinct()
                        .collect(Collectors.joining(", "));
                if (merge.keysConflict()) {
                    where = where.isEmpty() ? "the key groups" : where + ", the key groups";
                }
                ctx.err().println("sops4j: CONFLICT in " + path + " at " + where + "; the file is left as ours"
                        + " (encrypted); resolve with: sops4j git mergetool " + path);
                return 1;
            }
            AtomicFiles.write(oursFile, merge.seal(merge.result().branches()), AtomicFiles.SHARED);
            return 0;
        } catch (RuntimeException e) {
            ctx.err().println("sops4j: cannot merge " + path + " (" + ThreeWay.oneLine(e.getMessage())
                    + "); the file is left as ours (encrypted)");
            return 1;
        }
    }

    /** git's normal behaviour for files that are not sops files (or have another format than their name says). */
    private int lineMerge() {
        GitProcess.Result r = new GitProcess(ctx).run("merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                ours, base, theirs);
        if (r.code() < 0 || r.code() > 127) {
            ctx.err().println("sops4j: git merge-file failed for " + path + ": " + r.err());
            return 2;
        }
        return r.code() == 0 ? 0 : 1;
    }

    private static byte[] read(Path p) {
        try {
            return Files.exists(p) ? Chunked.readAll(p) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
