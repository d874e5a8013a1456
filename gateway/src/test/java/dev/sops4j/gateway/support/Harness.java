package dev.sops4j.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.gateway.Gateway;
import dev.sops4j.gateway.audit.AlertThresholds;
import dev.sops4j.gateway.audit.AuditSink;
import dev.sops4j.gateway.audit.JsonLinesSink;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.policy.Policy;
import dev.sops4j.gateway.policy.PolicyLoader;
import dev.sops4j.gateway.token.Discovery;
import dev.sops4j.nexus.NexusKeyAdmin;
import dev.sops4j.nexus.NexusKeySource;
import dev.sops4j.nexus.NexusSettings;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.RetryPolicy;
import dev.sops4j.nexus.fake.FakeNexusServer;
import dev.sops4j.nexus.fake.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a gateway test needs on loopback: two OIDC issuers (GitHub- and GitLab-flavoured), a fake SPIKE Nexus
 * with keysets created through the nexus module's admin, the gateway itself over HTTPS, and an audit buffer.
 */
public final class Harness implements AutoCloseable {
    public static final String AUD = "https://gateway.test";
    public static final String TRUST_DOMAIN = "spike.ist";
    public static final String GATEWAY_ID = "spiffe://spike.ist/sops/ci-gateway";
    public static final String SUPERUSER = "spiffe://spike.ist/spike/pilot/role/superuser";
    public static final String KEY_PREFIX = "sops4j/kek/";
    public static final String SECRETS_PREFIX = "sops4j/ci/";

    public static final String POLICY = """
            version: 1
            issuers:
              github:
                issuer: ${GH}
                flavor: github
                audience: https://gateway.test
                algorithms: [RS256, ES256]
                maxTokenLifetime: 10m
              gitlab:
                issuer: ${GL}
                flavor: gitlab
                audience: https://gateway.test
            rules:
              - id: no-self-hosted
                effect: deny
                issuer: github
                when:
                  runner_environment: {equals: self-hosted}
              - id: no-prod-from-pr
                effect: deny
                issuer: github
                when:
                  event_name: {in: [pull_request, pull_request_target]}
                scope: {keys: ["app/prod/**"]}
              - id: app-main
                effect: allow
                issuer: github
                when:
                  repository_owner_id: {equals: "123456"}
                  repository_id: {equals: 456789}
                  ref: {equals: refs/heads/main}
                grant:
                  keys: ["app/prod/*", "app/ci/*"]
                  actions: [unwrap, wrap, read-secret]
              - id: app-limited
                effect: allow
                issuer: github
                when:
                  repository_id: {equals: "777"}
                grant: {keys: ["app/ci/*"], actions: [unwrap]}
                limits: {rate: 60/m, burst: 3}
              - id: three-a-minute
                effect: allow
                issuer: github
                when:
                  repository_id: {equals: "888"}
                grant: {keys: ["app/ci/*"], actions: [unwrap, wrap]}
                limits: {rate: 3/m}
              - id: bench-limited
                effect: allow
                issuer: github
                when:
                  repository_id: {equals: "999"}
                grant: {keys: ["app/ci/*"], actions: [unwrap]}
                limits: {rate: 1000000/s}
              - id: gitlab-protected
                effect: allow
                issuer: gitlab
                when:
                  project_id: {equals: "20"}
                  ref_protected: {equals: true}
                grant: {keys: ["app/ci/*"], actions: [unwrap, wrap]}
            """;

    public final TestIssuer github = new TestIssuer();
    public final TestIssuer gitlab = new TestIssuer();
    public final TestPki pki = TestPki.create(TRUST_DOMAIN);
    public final FakeNexusServer nexus = FakeNexusServer.start(pki.issue("spiffe://spike.ist/spike/nexus"));
    public final TestTls tls = new TestTls();
    public final ByteArrayOutputStream auditBytes = new ByteArrayOutputStream();
    public final Path dir;
    public final Gateway gateway;
    private final HttpClient http;
    private final AlertThresholds alerts;
    private final Optional<URI> webhook;
    private final ObjectMapper json = new ObjectMapper();

    public Harness() {
        this(AlertThresholds.defaults(), Optional.empty());
    }

    public Harness(AlertThresholds alerts, Optional<URI> webhook) {
        this(alerts, webhook, false);
    }

    /** @param githubDown start with the GitHub-flavoured issuer answering 500 to discovery and JWKS */
    public Harness(AlertThresholds alerts, Optional<URI> webhook, boolean githubDown) {
        github.setDown(githubDown);
        try {
            dir = Files.createTempDirectory("gw-test");
            nexus.allow("ci-gateway", "^spiffe://spike\\.ist/sops/ci-gateway$", "^sops4j/(kek|ci)/", "read");
            try (NexusKeyAdmin admin = new NexusKeyAdmin(client(SUPERUSER), KEY_PREFIX)) {
                admin.create("app/prod/db");
                admin.create("app/ci/build");
            }
            nexus.putDirect(SECRETS_PREFIX + "app/ci/npm", Map.of("token", "npm-secret-value-123"));
            this.alerts = alerts;
            this.webhook = webhook;
            gateway = startGateway(GatewayConfig.State.inMemory(), new JsonLinesSink(auditBytes), true);
            http = HttpClient.newBuilder().sslContext(tls.clientContext()).connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts one more gateway on the same issuers and Nexus (a second replica, or one with another state or audit
     * set-up); the caller closes it.
     */
    public Gateway startGateway(GatewayConfig.State state, AuditSink audit, boolean auditFailClosed) {
        try {
            Policy policy = PolicyLoader.parse("test-policy.yaml", policyText());
            GatewayConfig cfg = new GatewayConfig("127.0.0.1", 0, 4,
                    new GatewayConfig.Tls(Optional.of(tls.writeCert(dir)), Optional.of(tls.writeKey(dir)),
                            Optional.empty(), Optional.empty()),
                    dir.resolve("policy.yaml"),
                    new GatewayConfig.Nexus(nexus.url(), List.of(TRUST_DOMAIN), KEY_PREFIX, SECRETS_PREFIX,
                            Optional.empty(), Optional.empty()),
                    Duration.ofSeconds(60), new GatewayConfig.Audit(Optional.empty(), true, auditFailClosed), alerts,
                    webhook.map(u -> new GatewayConfig.Webhook(u, 3, Duration.ofMillis(50))), state);
            return Gateway.start(cfg, policy, client(GATEWAY_ID, 1), audit, Discovery.standard(),
                    Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String policyText() {
        return POLICY.replace("${GH}", github.issuer()).replace("${GL}", gitlab.issuer());
    }

    public NexusClient client(String spiffeId) {
        return client(spiffeId, 3);
    }

    public NexusClient client(String spiffeId, int attempts) {
        NexusSettings s = new NexusSettings(nexus.url(), List.of(TRUST_DOMAIN), KEY_PREFIX, Optional.empty(),
                Optional.empty());
        return NexusClient.create(s, pki.issue(spiffeId).source(), false,
                new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(1), d -> { }));
    }

    /** The CLI's own Nexus key source, talking to Nexus directly (as in-cluster workloads do). */
    public NexusKeySource cliKeySource() {
        return new NexusKeySource(client(SUPERUSER), KEY_PREFIX);
    }

    public URI url(String path) {
        return url(gateway, path);
    }

    public static URI url(Gateway gw, String path) {
        return URI.create("https://127.0.0.1:" + gw.port() + path);
    }

    public HttpResponse<String> post(String path, String token, String body) {
        return post(gateway, path, token, body);
    }

    public HttpResponse<String> post(Gateway gw, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(gw, path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String token) {
        return get(gateway, path, token);
    }

    public HttpResponse<String> get(Gateway gw, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(gw, path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode parse(String s) {
        try {
            return json.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String auditText() {
        return auditBytes.toString(StandardCharsets.UTF_8);
    }

    public List<JsonNode> auditLines() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : auditText().split("\n")) {
            if (!line.isBlank()) {
                out.add(parse(line));
            }
        }
        return out;
    }

    public JsonNode lastAudit() {
        List<JsonNode> l = auditLines().stream().filter(n -> !n.has("flagged")).toList();
        return l.get(l.size() - 1);
    }

    @Override
    public void close() {
        gateway.close();
        nexus.close();
        github.close();
        gitlab.close();
    }
}
