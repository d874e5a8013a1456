package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sops4j.gateway.audit.AlertThresholds;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.gateway.support.TestIssuer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each suspicious pattern raises a flagged audit line, a counter and a webhook POST (retried after a 500). */
class AlertsTest {
    private HttpServer hook;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private Harness h;

    @BeforeEach
    void start() throws IOException {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The first delivery attempt fails, so every alert proves the retry.
            boolean fail = attempts.getAndIncrement() % 2 == 0;
            if (!fail) {
                received.add(body);
            }
            ex.sendResponseHeaders(fail ? 500 : 204, -1);
            ex.close();
        });
        hook.start();
        URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
        h = new Harness(new AlertThresholds(Duration.ofMinutes(5), 3, 3, 3, 1, 1), Optional.of(url));
    }

    @AfterEach
    void stop() {
        h.close();
        hook.stop(0);
    }

    private JsonNode awaitWebhook(String alert) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (String b : received) {
                JsonNode n = h.parse(b);
                if (alert.equals(n.get("alert").asText())) {
                    return n;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("webhook never received " + alert + "; got " + received);
    }

    private JsonNode flagged(String alert) {
        return h.auditLines().stream().filter(n -> n.has("flagged") && alert.equals(n.get("alert").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no flagged audit line for " + alert));
    }

    private void assertCounter(String alert) {
        assertTrue(h.get("/metrics", null).body().contains("sops4j_gateway_alerts_total{alert=\"" + alert + "\"} 1.0"),
                alert);
    }

    private String token(String repoId) {
        return h.github.rs256(h.github.github(Harness.AUD).claim("repository_id", repoId).build());
    }

    @Test
    void denialBurst() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(403, h.post("/v1/unwrap", token("31337"), "{\"key\":\"app/prod/db\",\"enc\":\"AQID\"}").statusCode());
        }
        JsonNode w = awaitWebhook("denial_burst");
        assertEquals("github:sub:repo:octo-org/app:ref:refs/heads/main", w.get("subject").asText());
        assertEquals(3, w.get("count").asInt());
        assertEquals(300, w.get("windowSeconds").asInt());
        assertTrue(w.get("flagged").asBoolean());
        assertEquals("github:sub:repo:octo-org/app:ref:refs/heads/main", flagged("denial_burst").get("subject").asText());
        assertTrue(h.auditLines().stream().anyMatch(n -> n.has("flagged")
                && "github:repository_id:31337".equals(n.get("subject").asText())));
        assertTrue(h.get("/metrics", null).body().contains("sops4j_gateway_alerts_total{alert=\"denial_burst\"} 2.0"));
        assertTrue(attempts.get() >= 2);
    }

    @Test
    void invalidTokenBurstCountsUnverifiedTokensPerAddressAndIssuerWhateverSubTheyClaim() throws Exception {
        for (int i = 0; i < 3; i++) {
            // rotating the unverified sub must not evade the alert
            String bad = TestIssuer.unsigned(h.github.github(Harness.AUD).subject("repo:evil/x" + i + ":ref:main").build());
            assertEquals(401, h.get("/v1/whoami", bad).statusCode());
        }
        assertEquals("addr:127.0.0.1", awaitWebhook("invalid_token_burst").get("subject").asText());
        List<String> subjects = h.auditLines().stream().filter(n -> n.has("flagged"))
                .map(n -> n.get("subject").asText()).sorted().toList();
        assertEquals(List.of("addr:127.0.0.1", "iss:github"), subjects);
        assertTrue(h.get("/metrics", null).body().contains(
                "sops4j_gateway_alerts_total{alert=\"invalid_token_burst\"} 2.0"));
    }

    @Test
    void invalidTokenBurstCountsVerifiedTokensPerSubject() throws Exception {
        java.time.Instant old = java.time.Instant.now().minusSeconds(3600);
        for (int i = 0; i < 3; i++) {
            String expired = h.github.rs256(h.github.github(Harness.AUD).issueTime(java.util.Date.from(old))
                    .notBeforeTime(java.util.Date.from(old)).expirationTime(java.util.Date.from(old.plusSeconds(60)))
                    .build());
            assertEquals(401, h.get("/v1/whoami", expired).statusCode());
        }
        assertEquals("github:sub:repo:octo-org/app:ref:refs/heads/main",
                awaitWebhook("invalid_token_burst").get("subject").asText());
        assertCounter("invalid_token_burst");
    }

    @Test
    void manyDistinctKeys() throws Exception {
        for (String k : List.of("app/ci/a", "app/ci/b", "app/ci/c")) {
            assertEquals(404, h.post("/v1/unwrap", token("456789"), "{\"key\":\"" + k + "\",\"enc\":\"AQID\"}").statusCode());
        }
        JsonNode w = awaitWebhook("many_distinct_keys");
        assertEquals(3, w.get("count").asInt());
        flagged("many_distinct_keys");
        assertCounter("many_distinct_keys");
    }

    @Test
    void replayedJti() throws Exception {
        String t = token("456789");
        String body = "{\"key\":\"app/ci/build\",\"dataKey\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}";
        assertEquals(200, h.post("/v1/wrap", t, body).statusCode());
        assertEquals(401, h.post("/v1/wrap", t, body).statusCode());
        awaitWebhook("replayed_jti");
        flagged("replayed_jti");
        assertCounter("replayed_jti");
    }

    @Test
    void unconfiguredIssuer() throws Exception {
        String t = h.github.rs256(h.github.github(Harness.AUD).issuer("https://evil.example").build());
        assertEquals(401, h.get("/v1/whoami", t).statusCode());
        JsonNode w = awaitWebhook("unconfigured_issuer");
        assertEquals("https://evil.example", w.get("subject").asText());
        flagged("unconfigured_issuer");
        assertCounter("unconfigured_issuer");
        for (String b : received) {
            assertFalse(b.contains(t.split("\\.")[2]), "token in webhook");
        }
    }
}
