package dev.sops4j.core.error;

/** Encrypting a file that already has sops metadata (sops exit 203). */
public final class FileAlreadyEncryptedException extends SopsException {
    public FileAlreadyEncryptedException(String message) {
        this(message, null);
    }

    public FileAlreadyEncryptedException(String message, Throwable cause) {
        super(ExitCode.FILE_ALREADY_ENCRYPTED, message, cause);
    }

    public FileAlreadyEncryptedException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
