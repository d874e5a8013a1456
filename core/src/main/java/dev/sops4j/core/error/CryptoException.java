package dev.sops4j.core.error;

/** A value could not be encrypted or decrypted (malformed ENC string, bad tag, wrong key). */
public final class CryptoException extends SopsException {
    public CryptoException(String message) {
        this(message, null);
    }

    public CryptoException(String message, Throwable cause) {
        super(ExitCode.ERROR_DECRYPTING_TREE, message, cause);
    }

    public CryptoException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
