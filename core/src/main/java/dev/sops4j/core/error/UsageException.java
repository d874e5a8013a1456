package dev.sops4j.core.error;

/** Flags or arguments that contradict each other or are missing. */
public final class UsageException extends SopsException {
    public UsageException(String message) {
        this(message, null);
    }

    public UsageException(String message, Throwable cause) {
        super(ExitCode.CONFLICTING_PARAMETERS, message, cause);
    }

    public UsageException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
