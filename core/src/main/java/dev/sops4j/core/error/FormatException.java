package dev.sops4j.core.error;

/** A tree could not be serialised in the requested format (sops exit 4). */
public final class FormatException extends SopsException {
    public FormatException(String message) {
        this(message, null);
    }

    public FormatException(String message, Throwable cause) {
        super(ExitCode.ERROR_DUMPING_TREE, message, cause);
    }

    public FormatException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
