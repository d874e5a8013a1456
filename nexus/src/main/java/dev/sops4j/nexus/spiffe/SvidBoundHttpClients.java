package dev.sops4j.nexus.spiffe;

import io.spiffe.workloadapi.X509Source;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Hands out an {@link HttpClient} for Nexus and replaces it when our SVID changes. A pooled TLS connection keeps
 * the certificate it was opened with, so without this a rotated SVID (new files from spiffe-helper, or a Workload
 * API update) would only be used once the old idle connections time out.
 */
public final class SvidBoundHttpClients implements Supplier<HttpClient> {
    private final X509Source source;
    private final List<String> trustRoots;
    private X509Certificate leaf;
    private HttpClient client;

    public SvidBoundHttpClients(X509Source source, List<String> trustRoots) {
        this.source = source;
        this.trustRoots = List.copyOf(trustRoots);
    }

    @Override
    public synchronized HttpClient get() {
        X509Certificate now = source.getX509Svid().getLeaf();
        if (client == null || !now.equals(leaf)) {
            leaf = now;
            client = HttpClient.newBuilder()
                    .sslContext(NexusTls.clientContext(source, trustRoots))
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }
        return client;
    }
}
