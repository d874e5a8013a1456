package dev.sops4j.cli.ops;

import dev.sops4j.cli.CliContext;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The user's editor: {@code $SOPS_EDITOR}, {@code $EDITOR}, else vim, nano or vi from {@code PATH}. */
public final class Editor {
    private final CliContext ctx;
    private final List<String> command;

    private Editor(CliContext ctx, List<String> command) {
        this.ctx = ctx;
        this.command = command;
    }

    public static Editor find(CliContext ctx) {
        Optional<String> configured = ctx.env().get("SOPS_EDITOR").or(() -> ctx.env().get("EDITOR"));
        if (configured.isPresent()) {
            List<String> words = split(configured.get());
            if (!words.isEmpty()) {
                return new Editor(ctx, words);
            }
        }
        for (String candidate : List.of("vim", "nano", "vi")) {
            Optional<Path> p = onPath(ctx, candidate);
            if (p.isPresent()) {
                return new Editor(ctx, List.of(p.get().toString()));
            }
        }
        throw new UsageException(ExitCode.NO_EDITOR_FOUND,
                "Error: no editor found: set SOPS_EDITOR or EDITOR (vim, nano and vi are not on PATH)", null);
    }

    /** Opens {@code file}; a non-zero editor exit is an error (the original file stays untouched). */
    public void open(Path file) {
        List<String> argv = new ArrayList<>(command);
        argv.add(file.toString());
        int code = Processes.run(ctx, new ProcessBuilder(argv), ctx.env().variables());
        if (code != 0) {
            throw new UsageException(ExitCode.GENERIC, "Error: the editor " + command.get(0) + " exited with status "
                    + code + "; the file was not changed", null);
        }
    }

    private static Optional<Path> onPath(CliContext ctx, String name) {
        String path = ctx.env().get("PATH").orElse("/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Splits like a shell would for simple cases: blanks separate words, quotes group them. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
