package dev.sops4j.gateway.dev;

import dev.sops4j.core.error.UsageException;
import dev.sops4j.gateway.Gateway;
import dev.sops4j.gateway.audit.AlertThresholds;
import dev.sops4j.gateway.audit.AuditTrail;
import dev.sops4j.gateway.audit.FileAuditSink;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.kek.NexusGateway;
import dev.sops4j.gateway.policy.Policy;
import dev.sops4j.gateway.policy.PolicyLoader;
import dev.sops4j.gateway.token.Discovery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code sops4j-gateway dev}, modelled on {@code vault server -dev}: a complete gateway on loopback with an
 * in-memory Nexus stand-in holding one key ({@value #KEY}), a local OIDC issuer and a policy that lets every dev
 * token use {@code dev/**}. Everything lives in {@code DIR}: {@code ca.crt}, {@code tls.p12}, {@code issuer.jwk},
 * {@code policy.yaml}, {@code audit.log} and {@code env.sh} (the exports). Never for production: keys vanish on exit.
 */
public final class DevMode implements AutoCloseable {
    public static final String KEY = "dev/app";
    public static final String AUDIENCE = "sops4j-gateway-dev";
    static final String DEV_ID = "1";
    static final String KEY_PREFIX = "sops4j/kek/";
    public static final String BANNER = """
            ==========================================================================
              sops4j-gateway DEV MODE -- NOT FOR PRODUCTION
              * keys live in memory only and are LOST when this process exits
              * a local OIDC issuer signs any token 'sops4j-gateway dev token' asks for
              * the policy allows every such token to wrap and unwrap dev/**
              * listening on loopback only
            ==========================================================================""";
    private final Gateway gateway;
    private final DevIssuer issuer;
    private final Path dir;
    private final String url;

    private DevMode(Gateway gateway, DevIssuer issuer, Path dir, String url) {
        this.gateway = gateway;
        this.issuer = issuer;
        this.dir = dir;
        this.url = url;
    }

    public static DevMode start(Path dir, String host, int port) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new UsageException("dev mode listens on loopback only; " + host + " is not a loopback address");
            }
        } catch (java.net.UnknownHostException e) {
            throw new UsageException("dev mode: unknown host " + host);
        }
        try {
            Files.createDirectories(dir);
            char[] p12Password = DevTls.create(dir);
            DevIssuer issuer = DevIssuer.start(dir);
            String policyText = """
                    # sops4j-gateway dev: every token from the dev issuer may use dev/** (NOT FOR PRODUCTION)
                    version: 1
                    issuers:
                      dev:
                        issuer: %s
                        flavor: github
                        audience: %s
                    rules:
                      - id: dev-everything
                        effect: allow
                        issuer: dev
                        when:
                          repository_owner_id: {equals: "%s"}
                        grant:
                          keys: ["dev/**"]
                          actions: [unwrap, wrap, read-secret]
                    """.formatted(issuer.url(), AUDIENCE, DEV_ID);
            Files.writeString(dir.resolve("policy.yaml"), policyText);
            Policy policy = PolicyLoader.parse("policy.yaml", policyText);
            DevNexus nexus = new DevNexus();
            nexus.createKey(KEY_PREFIX, KEY);
            GatewayConfig cfg = new GatewayConfig(host, port, 4,
                    new GatewayConfig.Tls(Optional.empty(), Optional.empty(), Optional.of(dir.resolve(DevTls.P12)),
                            Optional.of(p12Password)),
                    dir.resolve("policy.yaml"),
                    new GatewayConfig.Nexus(URI.create("https://nexus.dev.invalid"), List.of("spike.ist"), KEY_PREFIX,
                            "sops4j/ci/", Optional.empty(), Optional.empty()),
                    Duration.ofSeconds(60), new GatewayConfig.Audit(Optional.of(dir.resolve("audit.log")), false, true),
                    AlertThresholds.defaults(), Optional.empty(), GatewayConfig.State.inMemory());
            FileAuditSink audit = new FileAuditSink(dir.resolve("audit.log"));
            Gateway gw = Gateway.start(cfg, policy, new NexusGateway(nexus), () -> {
                nexus.close();
                audit.close();
            }, new AuditTrail(List.of(audit)), Discovery.standard(), Clock.systemUTC());
            String literal = host.contains(":") ? "[" + host + "]" : host.equals("localhost") ? "127.0.0.1" : host;
            DevMode d = new DevMode(gw, issuer, dir, "https://" + literal + ":" + gw.port());
            Files.writeString(dir.resolve("env.sh"), d.exports());
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("dev mode: " + e.getMessage(), e);
        }
    }

    public String url() {
        return url;
    }

    public Path caFile() {
        return dir.resolve(DevTls.CA);
    }

    /** The lines a shell can {@code eval}. */
    public String exports() {
        return "export SOPS4J_GATEWAY_URL=" + quote(url) + "\n"
                + "export SOPS4J_GATEWAY_CA_FILE=" + quote(caFile().toAbsolutePath().toString()) + "\n"
                + "export SOPS4J_GATEWAY_AUDIENCE=" + quote(AUDIENCE) + "\n";
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        gateway.close();
        issuer.close();
    }
}
