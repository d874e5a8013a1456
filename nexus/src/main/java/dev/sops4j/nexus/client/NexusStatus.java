package dev.sops4j.nexus.client;

import java.util.Optional;

/**
 * What went wrong in a call to Nexus, for callers that must react differently (the gateway answers 503 for an
 * outage and 502 for a refusal). {@link NexusClient} errors are one-line {@code KeySourceException}s whose cause
 * is a {@link NexusCallFailure} carrying one of these; {@link #of} finds it without parsing message wording.
 */
public enum NexusStatus {
    /** No connection: refused, unreachable, timed out. */
    UNREACHABLE(true),
    /** The TLS handshake failed (wrong Nexus SPIFFE ID, expired SVID, ...). */
    TLS_HANDSHAKE(true),
    /** Nexus kept answering 503 (not initialised or sealed) until the retries ran out. */
    NOT_READY(true),
    /** Our thread was interrupted while calling or waiting. */
    INTERRUPTED(true),
    /** 401: no Nexus policy grants our SPIFFE ID this operation. */
    UNAUTHORIZED(false),
    /** 400: Nexus refused the request as invalid. */
    BAD_REQUEST(false),
    /** 404 where the caller required the object to exist. */
    NOT_FOUND(false),
    /** Any other HTTP status, or an error code inside a 200 answer. */
    FAILED(false),
    /** An answer we could not understand. */
    MALFORMED(false);

    private final boolean unavailable;

    NexusStatus(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** True when Nexus could not be asked at all (worth retrying later), false when it answered with a refusal. */
    public boolean unavailable() {
        return unavailable;
    }

    /** The status attached anywhere in {@code t}'s cause chain, or empty for failures not raised by the client. */
    public static Optional<NexusStatus> of(Throwable t) {
        return NexusCallFailure.in(t).map(NexusCallFailure::status);
    }
}
