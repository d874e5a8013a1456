package dev.sops4j.core.error;

/** Output could not be written (sops exit 3). */
public final class OutputException extends SopsException {
    public OutputException(String message) {
        this(message, null);
    }

    public OutputException(String message, Throwable cause) {
        super(ExitCode.COULD_NOT_WRITE_OUTPUT_FILE, message, cause);
    }

    public OutputException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
