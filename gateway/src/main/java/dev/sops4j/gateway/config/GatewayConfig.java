package dev.sops4j.gateway.config;

import dev.sops4j.gateway.audit.AlertThresholds;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's configuration file ({@code serve --config FILE}); the policy lives in its own file.
 *
 * @param host          listen address
 * @param port          listen port (0 picks a free one)
 * @param threads       request worker threads
 * @param tls           the inbound certificate
 * @param policyFile    the policy YAML
 * @param nexus         where the keysets and CI secrets live
 * @param kekCacheTtl   how long a fetched keyset may stay in memory
 * @param audit         where audit lines go and whether a lost line refuses the request
 * @param alerts        suspicious-activity thresholds
 * @param webhook       optional alert webhook
 * @param state         replay and rate-limit state: in memory (one replica) or Redis (several)
 */
public record GatewayConfig(String host, int port, int threads, Tls tls, Path policyFile, Nexus nexus,
                            Duration kekCacheTtl, Audit audit, AlertThresholds alerts,
                            Optional<Webhook> webhook, State state) {

    /**
     * @param file       JSON lines appended to this file (reopened on SIGHUP)
     * @param stdout     JSON lines on standard output; the default when no file is set
     * @param failClosed refuse a request (503) when no sink accepted its audit line (default true)
     */
    public record Audit(Optional<Path> file, boolean stdout, boolean failClosed) {
        public static Audit defaults() {
            return new Audit(Optional.empty(), true, true);
        }
    }

    /**
     * @param redis   the shared store; empty = this process's memory (correct for ONE replica only)
     * @param onError what unwrap and read-secret do while Redis is unreachable (wrap is always refused)
     */
    public record State(Optional<dev.sops4j.gateway.limits.redis.RedisSettings> redis,
                        dev.sops4j.gateway.limits.SharedState.OnError onError) {
        public static State inMemory() {
            return new State(Optional.empty(), dev.sops4j.gateway.limits.SharedState.OnError.DENY);
        }
    }

    /** PEM certificate chain + PKCS#8 key, or a PKCS#12 store. */
    public record Tls(Optional<Path> certificate, Optional<Path> privateKey, Optional<Path> pkcs12,
                      Optional<char[]> pkcs12Password) {
    }

    /**
     * @param keyPrefix     Nexus path prefix of keysets (as the CLI's SOPS4J_NEXUS_PATH_PREFIX)
     * @param secretsPrefix Nexus path prefix that {@code GET /v1/secrets/{path}} reads under
     */
    public record Nexus(URI url, List<String> trustRoots, String keyPrefix, String secretsPrefix,
                        Optional<Path> spiffeDir, Optional<String> socket) {
        public Nexus {
            trustRoots = List.copyOf(trustRoots);
        }
    }

    public record Webhook(URI url, int attempts, Duration firstRetryWait) {
    }
}
