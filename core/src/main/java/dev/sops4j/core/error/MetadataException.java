package dev.sops4j.core.error;

/** The sops metadata block is missing, malformed or of the wrong types. */
public final class MetadataException extends SopsException {
    public MetadataException(String message) {
        this(message, null);
    }

    public MetadataException(String message, Throwable cause) {
        super(ExitCode.COULD_NOT_READ_INPUT_FILE, message, cause);
    }

    public MetadataException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
