package dev.sops4j.core.error;

/**
 * Root of every failure sops4j reports. Messages name the cause and never contain secret material: callers print
 * {@link #getMessage()} verbatim to users. Messages are one line, except "no key could decrypt", which takes at
 * most three (cause, groups, threshold); {@link #singleLine()} joins them for logs and start-up failures.
 */
public abstract sealed class SopsException extends RuntimeException
        permits InputException, OutputException, FormatException, MetadataException, CryptoException,
                MacMismatchException, KeyRetrievalException, KeySourceException, ConfigException,
                UsageException, FileAlreadyEncryptedException, NotModifiedException, TreePathException {

    private final ExitCode exitCode;

    protected SopsException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** The message on one line (the lines of a multi-line report joined with {@code "; "}). */
    public String singleLine() {
        String m = getMessage();
        return m == null ? "" : m.strip().replace("\n", "; ");
    }
}
