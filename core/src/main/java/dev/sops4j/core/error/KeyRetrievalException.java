package dev.sops4j.core.error;

/** No master key could recover the data key (sops exit 128); suppressed exceptions hold per-key causes. */
public final class KeyRetrievalException extends SopsException {
    public KeyRetrievalException(String message) {
        this(message, null);
    }

    public KeyRetrievalException(String message, Throwable cause) {
        super(ExitCode.COULD_NOT_RETRIEVE_KEY, message, cause);
    }

    public KeyRetrievalException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
