package dev.sops4j.gateway.token;

/**
 * A bearer token that did not pass validation. The message is safe to return to the caller (it never contains the
 * token). For attributing bursts of bad tokens: {@code hint} is the unconfigured {@code iss} URL for
 * {@link Reason#UNCONFIGURED_ISSUER}, and otherwise the token's {@code sub} only when its signature was verified
 * ({@link #verified}); {@code issuerName} is the configured issuer the token named, if any (unverified).
 */
public final class TokenRejected extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, in a form fit for audit fields and metrics labels. */
    public enum Reason {
        MISSING, MALFORMED, ENCRYPTED, UNSIGNED, UNCONFIGURED_ISSUER, INVALID_CLAIMS, BAD_SIGNATURE, EXPIRED,
        NOT_YET_VALID, ISSUED_IN_FUTURE, LIFETIME, AUDIENCE, MISSING_CLAIMS, ISSUER_UNAVAILABLE, REPLAYED, OTHER
    }

    private final Reason reason;
    private final String hint;
    private final String issuerName;
    private final boolean verified;

    public TokenRejected(Reason reason, String message, String hint) {
        this(reason, message, hint, "", false);
    }

    public TokenRejected(Reason reason, String message, String hint, String issuerName, boolean verified) {
        super(message, null, false, false);
        this.reason = reason;
        this.hint = hint == null ? "" : hint;
        this.issuerName = issuerName == null ? "" : issuerName;
        this.verified = verified;
    }

    public Reason reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }

    /** The configured issuer the (unverified) token named, or empty. */
    public String issuerName() {
        return issuerName;
    }

    /** Whether the signature checked out, so that {@link #hint} is a subject the issuer really vouched for. */
    public boolean verified() {
        return verified;
    }
}
