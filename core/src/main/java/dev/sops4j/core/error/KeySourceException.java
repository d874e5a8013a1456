package dev.sops4j.core.error;

/** One master key failed to wrap or unwrap (the message names the key, never the key material). */
public final class KeySourceException extends SopsException {
    /**
     * What most likely went wrong, most actionable first: when no key can decrypt a file, the error leads with the
     * likeliest cause among the keys tried.
     */
    public enum Kind {
        /** A key file that is named (e.g. SOPS_AGE_KEY_FILE) but missing or unreadable. */
        KEY_FILE_UNREADABLE,
        /** No identities at all were found where the source looks. */
        NO_IDENTITIES,
        /** Identities were found, but none of them is the right one. */
        WRONG_KEY,
        /** Anything else (a service error, a corrupt entry, ...). */
        OTHER
    }

    private final Kind kind;

    public KeySourceException(String message) {
        this(message, null);
    }

    public KeySourceException(Kind kind, String message) {
        super(ExitCode.COULD_NOT_RETRIEVE_KEY, message, null);
        this.kind = kind;
    }

    public KeySourceException(String message, Throwable cause) {
        super(ExitCode.COULD_NOT_RETRIEVE_KEY, message, cause);
        this.kind = Kind.OTHER;
    }

    public KeySourceException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
        this.kind = Kind.OTHER;
    }

    public Kind kind() {
        return kind;
    }
}
