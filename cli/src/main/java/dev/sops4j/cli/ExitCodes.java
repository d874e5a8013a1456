package dev.sops4j.cli;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.SopsException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one place that turns a failure into sops' exit code and a single line on stderr. Stack traces only with
 * {@code --verbose}; messages come from exceptions whose contract forbids secrets.
 */
public final class ExitCodes {
    private ExitCodes() {
    }

    /** The exit code for any throwable a command lets escape. */
    public static int codeFor(Throwable t) {
        if (t instanceof SopsException s) {
            return s.exitCode().code();
        }
        if (t instanceof ChildExit c) {
            return c.code();
        }
        if (t instanceof CommandLine.ParameterException) {
            return ExitCode.GENERIC.code();
        }
        if (t instanceof UncheckedIOException u) {
            return codeFor(u.getCause());
        }
        if (t instanceof NoSuchFileException) {
            return ExitCode.NO_FILE_SPECIFIED.code();
        }
        if (t instanceof IOException) {
            return ExitCode.COULD_NOT_READ_INPUT_FILE.code();
        }
        return ExitCode.GENERIC.code();
    }

    /** The single line printed for {@code t}. */
    public static String messageFor(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return messageFor(u.getCause());
        }
        if (t instanceof NoSuchFileException n) {
            return "Error: no such file: " + n.getFile();
        }
        if (t instanceof AccessDeniedException a) {
            return "Error: permission denied: " + a.getFile();
        }
        String m = t.getMessage();
        if (t instanceof KeyRetrievalException && m != null) {
            // cause, keys tried, Shamir threshold: at most three lines by construction
            List<String> lines = m.lines().limit(3).map(String::stripTrailing).toList();
            return oneNexusKey(t, lines).orElse(String.join("\n", lines));
        }
        if (t instanceof SopsException || t instanceof CommandLine.ParameterException) {
            return oneLine(m == null ? t.getClass().getSimpleName() : m);
        }
        // Anything else is a bug or an environment problem: name the type so it can be reported.
        return oneLine("Error: " + t.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    /**
     * A file whose only key is a Nexus key (sops4j's own type; sops has no such report to match): one line, the
     * key's whole error (which names the key, the SPIFFE ID refused or the Nexus unreachable) after sops' lead, and
     * no key-group summary, which would only repeat the key. Every other report keeps sops' form.
     */
    private static Optional<String> oneNexusKey(Throwable t, List<String> lines) {
        if (lines.size() != 2 || !lines.get(0).startsWith(NO_DATA_KEY) || !ONE_NEXUS_KEY.matcher(lines.get(1)).matches()
                || t.getSuppressed().length != 1 || t.getSuppressed()[0].getMessage() == null) {
            return Optional.empty();
        }
        String cause = oneLine(t.getSuppressed()[0].getMessage().strip());
        if (cause.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(NO_DATA_KEY + " " + Character.toUpperCase(cause.charAt(0)) + cause.substring(1));
    }

    private static final String NO_DATA_KEY = "Failed to get the data key required to decrypt the SOPS file.";
    private static final Pattern ONE_NEXUS_KEY = Pattern.compile("Group 0: FAILED \\(nexus [^;:() ]+\\)");

    /** Prints the message (and with {@code verbose} the stack trace) and returns the exit code. */
    public static int report(Throwable t, PrintStream err, boolean verbose) {
        if (t instanceof ChildExit c) {
            return c.code();
        }
        String message = messageFor(t);
        err.println(message);
        if (verbose) {
            detail(t, message, err);
        }
        return codeFor(t);
    }

    /**
     * {@code --verbose}: where it happened and what lies beneath (every key's own error for a failed decryption),
     * without printing the message again.
     */
    private static void detail(Throwable t, String printed, PrintStream err) {
        for (StackTraceElement e : t.getStackTrace()) {
            err.println("\tat " + e);
        }
        for (Throwable s : t.getSuppressed()) {
            err.print("Caused by (one key): ");
            s.printStackTrace(err);
        }
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            String m = cause.getMessage();
            if (m != null && printed.contains(oneLine(m))) {
                err.println("Caused by: " + cause.getClass().getName() + " (message above)");
                for (StackTraceElement e : cause.getStackTrace()) {
                    err.println("\tat " + e);
                }
            } else {
                err.print("Caused by: ");
                cause.printStackTrace(err);
            }
        }
    }

    static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).stripTrailing();
    }

    /** A child process' exit status to pass through unchanged, with nothing printed (exec-env, exec-file). */
    public static final class ChildExit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        public ChildExit(int code) {
            super(null, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
