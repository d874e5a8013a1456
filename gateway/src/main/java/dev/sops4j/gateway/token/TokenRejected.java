package dev.sops4j.gateway.token;

/**
 * A bearer token that did not pass validation. The message is safe to return to the caller (it never contains the
 * token); {@code hint} is the unverified subject or issuer, used only to attribute bursts of bad tokens.
 */
public final class TokenRejected extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, in a form fit for audit fields and metrics labels. */
    public enum Reason {
        MISSING, MALFORMED, UNSIGNED, UNCONFIGURED_ISSUER, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID, ISSUED_IN_FUTURE,
        LIFETIME, AUDIENCE, MISSING_CLAIMS, ISSUER_UNAVAILABLE, REPLAYED, OTHER
    }

    private final Reason reason;
    private final String hint;

    public TokenRejected(Reason reason, String message, String hint) {
        super(message, null, false, false);
        this.reason = reason;
        this.hint = hint == null ? "" : hint;
    }

    public Reason reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }
}
