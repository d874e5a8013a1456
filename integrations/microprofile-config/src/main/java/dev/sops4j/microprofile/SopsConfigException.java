package dev.sops4j.microprofile;

/** A file of {@code sops4j.files} could not be read or decrypted: one line naming the file and the cause. */
public final class SopsConfigException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SopsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
