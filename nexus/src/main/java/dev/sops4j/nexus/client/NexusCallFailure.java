package dev.sops4j.nexus.client;

/**
 * The typed cause behind a {@link NexusClient} {@code KeySourceException} (which core seals, so it cannot carry the
 * status itself). Never thrown on its own; read it with {@link NexusStatus#of}.
 */
public final class NexusCallFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final NexusStatus status;
    private final int httpStatus;

    NexusCallFailure(NexusStatus status, int httpStatus, Throwable cause) {
        super(status + (httpStatus == 0 ? "" : " (HTTP " + httpStatus + ")"), cause, false, false);
        this.status = status;
        this.httpStatus = httpStatus;
    }

    /** The failure anywhere in {@code t}'s cause chain, or empty for failures not raised by the client. */
    static java.util.Optional<NexusCallFailure> in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof NexusCallFailure f) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }

    public NexusStatus status() {
        return status;
    }

    /** The HTTP status Nexus answered with, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
