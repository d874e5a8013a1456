package dev.sops4j.core.error;

/** The file's MAC does not match its values, or is missing (sops exit 51). */
public final class MacMismatchException extends SopsException {
    public MacMismatchException(String message) {
        this(message, null);
    }

    public MacMismatchException(String message, Throwable cause) {
        super(ExitCode.MAC_MISMATCH, message, cause);
    }

    public MacMismatchException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
