package dev.sops4j.nexus;

/**
 * One version of a Nexus-held key-encryption keyset, as shown by {@code sops4j nexus key versions}.
 *
 * @param keyId     Tink's key id (unsigned); wrapped data keys carry it in their first bytes
 * @param status    whether it still unwraps
 * @param primary   whether new data keys are wrapped with it
 * @param createdAt RFC 3339 time it was added, or "" if unknown
 */
public record KeyVersion(long keyId, Status status, boolean primary, String createdAt) {

    /** Lifecycle of a key version. */
    public enum Status {
        /** Wraps (if primary) and unwraps. */
        ENABLED,
        /** Kept but refuses to unwrap; can be enabled again. */
        DISABLED,
        /** Key material removed from the keyset; files wrapped only by it are lost. */
        DESTROYED
    }
}
