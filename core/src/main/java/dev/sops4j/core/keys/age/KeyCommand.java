package dev.sops4j.core.keys.age;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A key command ({@code SOPS_AGE_KEY_CMD}, {@code SOPS_AGE_SSH_PRIVATE_KEY_CMD}) split into words the way sops
 * splits it (the shell-like lexer of github.com/google/shlex) and run without a shell: {@code ;}, {@code |},
 * {@code $VAR}, globs and redirections are ordinary characters of a word.
 *
 * <p>The rules, as the real sops 3.13.2 applies them: space, tab, CR and LF separate words; {@code '...'} is
 * literal; in {@code "..."} and outside quotes a backslash takes the next character literally; {@code #} at the
 * start of a word comments out the rest of the line. An open quote or a trailing backslash is an error.
 */
final class KeyCommand {
    /** Searched when the environment has no PATH (the shell's default, as before the command ran without one). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private KeyCommand() {
    }

    /** Not a command sops can split; the message is shlex's. */
    static final class SplitException extends Exception {
        private static final long serialVersionUID = 1L;

        SplitException(String message) {
            super(message, null, false, false);
        }
    }

    private enum State { START, WORD, ESCAPE, QUOTED_ESCAPE, DOUBLE, SINGLE, COMMENT }

    static List<String> split(String command) throws SplitException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        State state = State.START;
        int[] cps = command.codePoints().toArray();
        for (int c : cps) {
            boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            switch (state) {
                case START -> {
                    if (space) {
                        continue;
                    }
                    state = switch (c) {
                        case '"' -> State.DOUBLE;
                        case '\'' -> State.SINGLE;
                        case '\\' -> State.ESCAPE;
                        case '#' -> State.COMMENT;
                        default -> {
                            word.appendCodePoint(c);
                            yield State.WORD;
                        }
                    };
                }
                case WORD -> {
                    if (space) {
                        words.add(word.toString());
                        word.setLength(0);
                        state = State.START;
                    } else if (c == '"') {
                        state = State.DOUBLE;
                    } else if (c == '\'') {
                        state = State.SINGLE;
                    } else if (c == '\\') {
                        state = State.ESCAPE;
                    } else {
                        word.appendCodePoint(c);
                    }
                }
                case ESCAPE -> {
                    word.appendCodePoint(c);
                    state = State.WORD;
                }
                case QUOTED_ESCAPE -> {
                    word.appendCodePoint(c);
                    state = State.DOUBLE;
                }
                case DOUBLE -> {
                    if (c == '"') {
                        state = State.WORD;
                    } else if (c == '\\') {
                        state = State.QUOTED_ESCAPE;
                    } else {
                        word.appendCodePoint(c);
                    }
                }
                case SINGLE -> {
                    if (c == '\'') {
                        state = State.WORD;
                    } else {
                        word.appendCodePoint(c);
                    }
                }
                case COMMENT -> {
                    if (c == '\n') {
                        state = State.START;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        switch (state) {
            case ESCAPE, QUOTED_ESCAPE -> throw new SplitException("EOF found after escape character");
            case DOUBLE, SINGLE -> throw new SplitException("EOF found when expecting closing quote");
            case WORD -> words.add(word.toString());
            default -> {
            }
        }
        return words;
    }

    /**
     * Go's {@code exec.LookPath}: a name with a slash is used as it is (relative to {@code dir}), any other is
     * searched in {@code path}; empty when nothing executable is found.
     */
    static java.util.Optional<Path> lookPath(String name, String path, Path dir) {
        if (name.contains("/")) {
            return java.util.Optional.of(dir.resolve(name));
        }
        for (String entry : (path == null ? "" : path).split(":", -1)) {
            Path candidate = (entry.isEmpty() ? dir : dir.resolve(entry)).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}
