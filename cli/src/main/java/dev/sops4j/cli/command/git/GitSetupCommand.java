package dev.sops4j.cli.command.git;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.command.BaseCommand;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code git setup}: registers the textconv diff driver, the merge driver and the mergetool in git config (the
 * repository's, or {@code --global}), and adds .gitattributes lines for the files .sops.yaml creation rules cover,
 * next to that .sops.yaml. Idempotent. The textconv cache stays off: it would store plaintext in .git.
 */
@Command(name = "setup", description = "Register the sops4j diff/merge drivers in git config and .gitattributes.")
public final class GitSetupCommand extends BaseCommand {
    static final String HOOK_MARK = "sops4j git pre-commit";

    @Option(names = "--global", description = "Write the drivers to the global git config (~/.gitconfig).")
    boolean global;

    @Option(names = "--check", description = "Only report what is configured; exit 1 when something is missing.")
    boolean check;

    @Option(names = "--pre-commit", description = "Also install the pre-commit guard as .git/hooks/pre-commit.")
    boolean preCommit;

    @Option(names = "--command", paramLabel = "CMD", defaultValue = "sops4j",
            description = "How git should run sops4j (default: sops4j, found on PATH).")
    String command;

    public GitSetupCommand(CliContext ctx) {
        super(ctx);
    }

    private Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("diff.sops4j.textconv", command + " git diff");
        m.put("diff.sops4j.cachetextconv", "false");
        m.put("merge.sops4j.name", "sops4j: merge encrypted files by key path");
        m.put("merge.sops4j.driver", command + " git merge %O %A %B %P");
        m.put("mergetool.sops4j.cmd", command + " git mergetool \"$MERGED\"");
        m.put("mergetool.sops4j.trustExitCode", "true");
        return m;
    }

    @Override
    protected int run() {
        Session s = session(null);
        GitProcess git = new GitProcess(ctx);
        Optional<SopsConfig> config = s.config();
        List<String> wanted = config.map(c -> Attributes.lines(c.creationRules())).orElse(List.of());
        Optional<Path> attributes = config.map(SopsConfig::directory).filter(d -> insideRepository(git, d))
                .map(d -> d.resolve(".gitattributes"));
        return check ? check(git, wanted, attributes) : setup(git, wanted, attributes);
    }

    private int setup(GitProcess git, List<String> wanted, Optional<Path> attributes) {
        if (!global) {
            git.require("rev-parse", "--git-dir");
        }
        for (Map.Entry<String, String> e : settings().entrySet()) {
            git.require("config", global ? "--global" : "--local", e.getKey(), e.getValue());
        }
        ctx.out().println("git config" + (global ? " --global" : "") + ": diff.sops4j (textconv, no cache),"
                + " merge.sops4j, mergetool.sops4j");
        if (attributes.isPresent()) {
            List<String> missing = missing(wanted, attributes.get());
            if (!missing.isEmpty()) {
                String current = read(attributes.get());
                StringBuilder add = new StringBuilder(current);
                if (!current.isEmpty() && !current.endsWith("\n")) {
                    add.append('\n');
                }
                if (!current.contains(Attributes.HEADER)) {
                    add.append(Attributes.HEADER).append('\n');
                }
                missing.forEach(l -> add.append(l).append('\n'));
                AtomicFiles.write(attributes.get(), add.toString().getBytes(StandardCharsets.UTF_8),
                        AtomicFiles.SHARED);
            }
            ctx.out().println(attributes.get().getFileName() + ": " + String.join("; ", wanted)
                    + (missing.isEmpty() ? " (already there)" : ""));
        } else {
            ctx.out().println("no .sops.yaml in this repository: add '<pattern> " + Attributes.ATTRS
                    + "' lines to .gitattributes yourself");
        }
        if (preCommit) {
            installHook(git);
        }
        return 0;
    }

    private int check(GitProcess git, List<String> wanted, Optional<Path> attributes) {
        boolean ok = true;
        for (Map.Entry<String, String> e : settings().entrySet()) {
            GitProcess.Result r = git.run("config", "--get", e.getKey());
            String have = r.code() == 0 ? r.line() : null;
            boolean good = e.getKey().endsWith("cachetextconv") ? !"true".equalsIgnoreCase(have) : have != null;
            ok &= good;
            ctx.out().println((good ? "ok      " : "MISSING ") + e.getKey() + (have == null ? "" : " = " + have));
        }
        if (attributes.isPresent()) {
            List<String> missing = missing(wanted, attributes.get());
            for (String line : wanted) {
                ctx.out().println((missing.contains(line) ? "MISSING " : "ok      ") + ".gitattributes: " + line);
            }
            ok &= missing.isEmpty();
        }
        Path hook = hookFile(git);
        boolean hooked = Files.exists(hook) && read(hook).contains(HOOK_MARK);
        ctx.out().println((hooked ? "ok      " : "absent  ") + "pre-commit hook (optional: --pre-commit)");
        return ok ? 0 : 1;
    }

    /** A .sops.yaml found above the repository (say in HOME) must not get a .gitattributes written next to it. */
    private static boolean insideRepository(GitProcess git, Path dir) {
        GitProcess.Result top = git.run("rev-parse", "--show-toplevel");
        if (top.code() != 0) {
            return false;
        }
        try {
            return dir.toRealPath().startsWith(Path.of(top.line()).toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private void installHook(GitProcess git) {
        Path hook = hookFile(git);
        if (Files.exists(hook) && !read(hook).contains(HOOK_MARK)) {
            throw new UsageException(ExitCode.GENERIC, "Error: " + hook + " exists already and is not sops4j's: add the"
                    + " line '" + command + " git pre-commit' to it yourself", null);
        }
        String script = "#!/bin/sh\n# installed by sops4j git setup --pre-commit\nexec " + command
                + " git pre-commit\n";
        try {
            Files.createDirectories(hook.getParent());
            Files.writeString(hook, script, StandardCharsets.UTF_8);
            hook.toFile().setExecutable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.out().println("pre-commit hook: " + hook);
    }

    private Path hookFile(GitProcess git) {
        return ctx.resolve(git.require("rev-parse", "--git-path", "hooks").line()).resolve("pre-commit");
    }

    private static List<String> missing(List<String> wanted, Path attributes) {
        List<String> have = read(attributes).lines().map(String::strip).toList();
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            if (!have.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
