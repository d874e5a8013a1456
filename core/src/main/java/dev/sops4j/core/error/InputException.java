package dev.sops4j.core.error;

/** A file could not be read or parsed (sops exit 2 unless another code is given). */
public final class InputException extends SopsException {
    public InputException(String message) {
        this(message, null);
    }

    public InputException(String message, Throwable cause) {
        super(ExitCode.COULD_NOT_READ_INPUT_FILE, message, cause);
    }

    public InputException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
