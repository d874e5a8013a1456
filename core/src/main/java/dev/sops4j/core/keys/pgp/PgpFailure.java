package dev.sops4j.core.keys.pgp;

/** Why one way of wrapping or unwrapping (BouncyCastle or the gpg binary) failed: a short, secret-free reason. */
final class PgpFailure extends Exception {
    private static final long serialVersionUID = 1L;

    PgpFailure(String reason) {
        super(reason, null, false, false);
    }

    PgpFailure(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }

    String reason() {
        return getMessage();
    }
}
