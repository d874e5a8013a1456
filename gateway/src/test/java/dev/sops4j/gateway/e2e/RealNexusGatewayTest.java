package dev.sops4j.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.gateway.Gateway;
import dev.sops4j.gateway.audit.AlertThresholds;
import dev.sops4j.gateway.audit.JsonLinesSink;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.policy.PolicyLoader;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.gateway.support.TestIssuer;
import dev.sops4j.gateway.support.TestTls;
import dev.sops4j.gateway.token.Discovery;
import dev.sops4j.nexus.NexusKeyAdmin;
import dev.sops4j.nexus.NexusKeySource;
import dev.sops4j.nexus.NexusSettings;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.Policy;
import dev.sops4j.nexus.client.RetryPolicy;
import dev.sops4j.nexus.real.RealNexus;
import dev.sops4j.nexus.spiffe.PemSvidSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway backed by the real SPIKE Nexus 0.8.2: a deploy job encrypts in-cluster with SVID files, a CI job with
 * only an OIDC token decrypts through the gateway, whose own SPIFFE identity reads the keyset under a SPIKE policy.
 * Skipped when ../shared/tools is absent.
 */
class RealNexusGatewayTest {
    static final String PLAIN = "app:\n    db_password: s3cr3t-Pa55\nreplicas: 3\n";
    @TempDir
    static Path dir;
    private static RealNexus nexus;
    private static final TestIssuer GITHUB = new TestIssuer();
    private static final TestIssuer GITLAB = new TestIssuer();
    private static final TestTls TLS = new TestTls();
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        nexus = RealNexus.startOrSkip(dir.resolve("nexus"));
        nexus.issue(RealNexus.SUPERUSER, dir.resolve("su"));
        nexus.issue(Harness.GATEWAY_ID, dir.resolve("gw"));
        try (NexusClient su = client("su"); NexusKeyAdmin admin = new NexusKeyAdmin(client("su"), Harness.KEY_PREFIX)) {
            su.putPolicy(new Policy("ci-gateway", "^spiffe://spike\\.ist/sops/ci-gateway$", "^sops4j/kek/app/",
                    List.of("read")));
            admin.create("app/prod/db");
        }
        gateway = startGateway(nexus, "gw");
    }

    static Gateway startGateway(RealNexus n, String svid) throws java.io.IOException {
        String policy = Harness.POLICY.replace("${GH}", GITHUB.issuer()).replace("${GL}", GITLAB.issuer());
        Files.writeString(dir.resolve("policy.yaml"), policy);
        GatewayConfig cfg = new GatewayConfig("127.0.0.1", 0, 4,
                new GatewayConfig.Tls(Optional.of(TLS.writeCert(dir)), Optional.of(TLS.writeKey(dir)),
                        Optional.empty(), Optional.empty()),
                dir.resolve("policy.yaml"),
                new GatewayConfig.Nexus(n.url(), List.of(RealNexus.TRUST_DOMAIN), Harness.KEY_PREFIX,
                        Harness.SECRETS_PREFIX, Optional.empty(), Optional.empty()),
                Duration.ofSeconds(60), new GatewayConfig.Audit(Optional.empty(), true, true),
                AlertThresholds.defaults(), Optional.empty(), GatewayConfig.State.inMemory());
        return Gateway.start(cfg, PolicyLoader.parse("policy.yaml", policy), client(n, svid),
                new JsonLinesSink(new ByteArrayOutputStream()), Discovery.standard(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (nexus != null) {
            nexus.close();
        }
    }

    static NexusClient client(String svid) {
        return client(nexus, svid);
    }

    static NexusClient client(RealNexus n, String svid) {
        NexusSettings s = new NexusSettings(n.url(), List.of(RealNexus.TRUST_DOMAIN), Harness.KEY_PREFIX,
                Optional.empty(), Optional.empty());
        return NexusClient.create(s, PemSvidSource.open(dir.resolve(svid)), true,
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), d -> { }));
    }

    static Map<String, String> inCluster() {
        return Map.of("SPIKE_NEXUS_API_URL", nexus.url().toString(), "SPIKE_TRUST_ROOT_NEXUS",
                RealNexus.TRUST_DOMAIN, "SOPS4J_NEXUS_PATH_PREFIX", Harness.KEY_PREFIX, "SOPS4J_SPIFFE_DIR", "su");
    }

    static Map<String, String> ci(String token) {
        Map<String, String> env = new HashMap<>();
        env.put("SOPS4J_GATEWAY_URL", "https://127.0.0.1:" + gateway.port() + "/");
        env.put("SOPS4J_GATEWAY_AUDIENCE", Harness.AUD);
        env.put("SOPS4J_GATEWAY_CA_FILE", "tls.crt");
        env.put("SOPS4J_OIDC_TOKEN", token);
        return env;
    }

    static byte[] encrypt(Map<String, String> env) {
        try (NexusKeySource src = new NexusKeySource(new Environment(env, dir, dir))) {
            Sops4j s = Sops4j.builder().keySource(src).build();
            Store yaml = s.store(Format.YAML);
            EncryptedDocument doc = s.encrypt(yaml.parsePlain(PLAIN.getBytes(StandardCharsets.UTF_8)),
                    new EncryptionSpec(List.of(new KeyGroup(List.of(new NexusKeyRef("app/prod/db", "", "")))), 0,
                            Optional.empty(), false), Format.YAML);
            return yaml.emitEncrypted(doc.branches(), doc.metadata());
        }
    }

    static String decrypt(Map<String, String> env, byte[] file) {
        try (NexusKeySource src = new NexusKeySource(new Environment(env, dir, dir))) {
            Sops4j s = Sops4j.builder().keySource(src).build();
            Store yaml = s.store(Format.YAML);
            try (DecryptedFile d = s.decrypt(yaml.parseEncrypted(file), DecryptOptions.DEFAULTS)) {
                return new String(yaml.emitPlain(d.branches()), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void aCiJobDecryptsThroughTheGatewayBackedByTheRealNexus() {
        byte[] file = encrypt(inCluster());
        assertFalse(new String(file, StandardCharsets.UTF_8).contains("s3cr3t-Pa55"));
        assertEquals(PLAIN, decrypt(ci(GITHUB.rs256(GITHUB.github(Harness.AUD).build())), file));
    }

    @Test
    void aDeniedJobIsRefused() {
        byte[] file = encrypt(inCluster());
        String pr = GITHUB.rs256(GITHUB.github(Harness.AUD).claim("event_name", "pull_request").build());
        SopsException e = assertThrows(SopsException.class, () -> decrypt(ci(pr), file));
        assertEquals(128, e.exitCode().code());
    }

    @Test
    void readyzReportsANexusThatIsNotInitialised() throws Exception {
        try (RealNexus notReady = RealNexus.startNotReadyOrSkip(dir.resolve("not-ready"))) {
            notReady.issue(Harness.GATEWAY_ID, dir.resolve("gw-not-ready"));
            Gateway gw = startGateway(notReady, "gw-not-ready");
            try {
                java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(TLS.clientContext())
                        .build();
                var resp = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:" + gw.port() + "/readyz")).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(503, resp.statusCode(), resp.body());
                org.junit.jupiter.api.Assertions.assertTrue(resp.body().contains("\"nexus\":false"), resp.body());
                org.junit.jupiter.api.Assertions.assertTrue(
                        resp.body().contains("\"nexusProblem\":\"not_initialised\""), resp.body());
            } finally {
                gw.close();
            }
        }
    }
}
