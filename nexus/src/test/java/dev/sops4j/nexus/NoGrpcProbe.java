package dev.sops4j.nexus;

import dev.sops4j.core.env.Environment;
import dev.sops4j.nexus.client.NexusClient;
import java.nio.file.Path;
import java.util.Map;

/** Loaded by {@link NoGrpcTest} in a class loader without gRPC: reads one secret with a PEM-file identity. */
public final class NoGrpcProbe {
    private NoGrpcProbe() {
    }

    public static String read(String url, String spiffeDir, String path) {
        var env = new Environment(Map.of(NexusSettings.ENV_API_URL, url, NexusSettings.ENV_SPIFFE_DIR, spiffeDir),
                Path.of(spiffeDir), Path.of(spiffeDir));
        try (NexusClient c = NexusClient.create(NexusSettings.fromEnvironment(env))) {
            return c.getSecret(path, 0).toString();
        }
    }
}
