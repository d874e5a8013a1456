package dev.sops4j.gateway.kek;

/** Nexus answered, but not usefully (refused our identity, malformed keyset): 502 to the caller. */
public final class NexusFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NexusFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
