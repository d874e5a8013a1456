package dev.sops4j.gateway.config;

import java.util.List;

/**
 * The gateway config file exactly as written, bound by Jackson's YAML module: every key is a record component,
 * anything else is refused. Absent keys are {@code null} here; {@link ConfigLoader} applies the defaults, checks
 * the values and builds {@link GatewayConfig}.
 */
record ConfigFile(Listen listen, Integer threads, Tls tls, String policy, Nexus nexus, String kekCacheTtl,
                  Audit audit, Alerts alerts, State state) {

    record Listen(String host, Integer port) {
    }

    record Tls(String certificate, String privateKey, String pkcs12, String passwordEnv, String passwordFile) {
    }

    record Nexus(String url, List<String> trustRoots, String keyPrefix, String secretsPrefix, String spiffeDir,
                 String socket) {
    }

    record Audit(String file, Boolean stdout, Boolean failClosed) {
    }

    record Alerts(String window, Integer denials, Integer invalidTokens, Integer distinctKeys, Integer replayedJti,
                  Integer unconfiguredIssuer, Webhook webhook) {
    }

    record Webhook(String url, Integer attempts, String retryWait) {
    }

    record State(Redis redis, String onError) {
    }

    record Redis(String url, String user, String passwordFile, String passwordEnv, String keyPrefix) {
    }
}
