package dev.sops4j.core.error;

/** An edit left the file unchanged (sops exit 200). */
public final class NotModifiedException extends SopsException {
    public NotModifiedException(String message) {
        this(message, null);
    }

    public NotModifiedException(String message, Throwable cause) {
        super(ExitCode.FILE_HAS_NOT_BEEN_MODIFIED, message, cause);
    }

    public NotModifiedException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
