package dev.sops4j.gateway.limits;

/** The shared replay/rate-limit store did not answer; the message never carries a password or a token. */
public final class StateUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
