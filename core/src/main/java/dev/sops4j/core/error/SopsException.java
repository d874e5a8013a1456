package dev.sops4j.core.error;

/**
 * Root of every failure sops4j reports. Messages are one line, name the cause and never contain secret material:
 * callers print {@link #getMessage()} verbatim to users.
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
}
