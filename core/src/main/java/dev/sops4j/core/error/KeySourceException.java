package dev.sops4j.core.error;

/** One master key failed to wrap or unwrap (the message names the key, never the key material). */
public final class KeySourceException extends SopsException {
    public KeySourceException(String message) {
        this(message, null);
    }

    public KeySourceException(String message, Throwable cause) {
        super(ExitCode.COULD_NOT_RETRIEVE_KEY, message, cause);
    }

    public KeySourceException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
