package dev.sops4j.nexus.spiffe;

import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.X509Source;
import java.time.Duration;

/**
 * Opens an X.509 source on the SPIFFE Workload API. Kept in its own class so that the gRPC stack behind
 * {@link DefaultX509Source} is only loaded when a socket is actually configured.
 */
final class WorkloadApiSource {
    private WorkloadApiSource() {
    }

    static X509Source open(String socket, Duration timeout) {
        try {
            return DefaultX509Source.newSource(DefaultX509Source.X509SourceOptions.builder()
                    .spiffeSocketPath(socket).initTimeout(timeout).build());
        } catch (LinkageError e) {
            throw new IllegalStateException("the Workload API at " + socket + " needs java-spiffe's gRPC libraries "
                    + "on the class path (missing " + PemSvidSource.oneLine(e) + "); or use SOPS4J_SPIFFE_DIR");
        } catch (Exception e) {
            throw new IllegalStateException("cannot get an X.509-SVID from the Workload API at " + socket + ": "
                    + PemSvidSource.oneLine(e));
        }
    }
}
