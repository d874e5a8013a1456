package dev.sops4j.nexus.spiffe;

import dev.sops4j.core.error.KeySourceException;
import io.spiffe.workloadapi.X509Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Picks where our SVID comes from: spiffe-helper files win over the Workload API socket. */
public final class SpiffeIdentity {
    private static final Duration WORKLOAD_API_TIMEOUT = Duration.ofSeconds(30);

    private SpiffeIdentity() {
    }

    /** Opens the configured identity or throws a one-line {@link KeySourceException} saying what to set. */
    public static X509Source open(Optional<Path> spiffeDir, Optional<String> socket) {
        try {
            if (spiffeDir.isPresent()) {
                return PemSvidSource.open(spiffeDir.get());
            }
            if (socket.isPresent()) {
                return WorkloadApiSource.open(socket.get(), WORKLOAD_API_TIMEOUT);
            }
        } catch (IllegalStateException e) {
            throw new KeySourceException("no SPIFFE identity for Nexus: " + e.getMessage(), e);
        }
        throw new KeySourceException("no SPIFFE identity for Nexus: set SOPS4J_SPIFFE_DIR (spiffe-helper files) "
                + "or SPIFFE_ENDPOINT_SOCKET (Workload API)");
    }
}
