package dev.sops4j.gateway.kek;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.NexusStatus;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's view of Nexus: secret reads that sort failures into "unavailable" (503, retry later) and "failed"
 * (502). The Nexus client reports both as one-line {@link KeySourceException}s carrying a {@link NexusStatus}.
 */
public final class NexusGateway {
    /**
     * The secret store behind the gateway: the SPIKE Nexus client in production, an in-memory stand-in in
     * {@code sops4j-gateway dev}. Failures are {@link KeySourceException}s, sorted by {@link #classify}.
     */
    public interface Store {
        Optional<Map<String, String>> findSecret(String path);

        /** Any answer (even "no such path") means reachable. */
        void probe(String path);
    }

    private final Store store;

    public NexusGateway(NexusClient client) {
        this(new Store() {
            @Override
            public Optional<Map<String, String>> findSecret(String path) {
                return client.findSecret(path, 0);
            }

            @Override
            public void probe(String path) {
                client.findMetadata(path);
            }
        });
    }

    public NexusGateway(Store store) {
        this.store = store;
    }

    /** The values of the current version of {@code path}, or empty when Nexus has no such secret. */
    public Optional<Map<String, String>> read(String path) {
        try {
            return store.findSecret(path);
        } catch (KeySourceException e) {
            throw classify(e);
        }
    }

    /** True when Nexus answers at all (any HTTP status other than 503 counts as reachable). */
    public boolean reachable(String probePath) {
        return unavailable(probePath).isEmpty();
    }

    /**
     * Empty when Nexus answers at all; else why not: {@code not_initialised} (503 {@code state_not_ready}: no root
     * key recovered from SPIKE Keepers yet) or {@code unavailable} (down, unreachable, other 503).
     */
    public Optional<String> unavailable(String probePath) {
        try {
            store.probe(probePath);
            return Optional.empty();
        } catch (KeySourceException e) {
            if (!(classify(e) instanceof NexusUnavailable)) {
                return Optional.empty();
            }
            boolean notInitialised = NexusStatus.of(e).filter(s -> s == NexusStatus.NOT_READY).isPresent()
                    && e.getMessage() != null && e.getMessage().contains("state_not_ready");
            return Optional.of(notInitialised ? "not_initialised" : "unavailable");
        }
    }

    /** Sorted by the client's typed status; anything without one (our own identity broken, ...) is a failure. */
    static RuntimeException classify(KeySourceException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (NexusStatus.of(e).map(NexusStatus::unavailable).orElse(false)) {
            return new NexusUnavailable(m, e);
        }
        return new NexusFailure(m, e);
    }
}
