package dev.sops4j.gateway.kek;

/** Nexus could not be reached or is not ready: the gateway answers 503 and the client may retry. */
public final class NexusUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NexusUnavailable(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
