package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.nexus.NexusKeySource;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wrap, unwrap and secret reads through the real HTTPS gateway, against the fake Nexus. */
class GatewayKeysTest {
    private static Harness h;
    private static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DATA_KEY[i] = (byte) (0xA0 + i);
        }
    }

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private String token() {
        return h.github.rs256(h.github.github(Harness.AUD).build());
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void unwrapsWhatTheCliKeySourceWrapped() {
        String enc;
        try (NexusKeySource cli = h.cliKeySource()) {
            enc = cli.wrap(new NexusKeyRef("app/prod/db", "", ""), SecretBytes.copyOf(DATA_KEY)).enc();
        }
        HttpResponse<String> r = h.post("/v1/unwrap", token(), "{\"key\":\"app/prod/db\",\"enc\":\"" + enc + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("{\"dataKey\":\"" + b64(DATA_KEY) + "\"}", r.body());

        JsonNode a = h.lastAudit();
        assertEquals("/v1/unwrap", a.get("route").asText());
        assertEquals("allow", a.get("decision").asText());
        assertEquals(200, a.get("status").asInt());
        assertEquals("app-main", a.get("ruleId").asText());
        assertEquals("github", a.get("issuer").asText());
        assertEquals("repo:octo-org/app:ref:refs/heads/main", a.get("sub").asText());
        assertEquals("456789", a.get("repositoryId").asText());
        assertEquals("9001", a.get("runId").asText());
        assertEquals("unwrap", a.get("action").asText());
        assertEquals("app/prod/db", a.get("key").asText());
        assertEquals("ok", a.get("nexusStatus").asText());
        assertEquals(32, a.get("jtiHash").asText().length());
        assertTrue(a.has("latencyMs") && a.has("time"));
    }

    @Test
    void cliUnwrapsWhatTheGatewayWrapped() {
        HttpResponse<String> r = h.post("/v1/wrap", token(), "{\"key\":\"app/ci/build\",\"dataKey\":\"" + b64(DATA_KEY) + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        String enc = h.parse(r.body()).get("enc").asText();
        byte[] raw = Base64.getDecoder().decode(enc);
        assertEquals(1, raw[0]); // Tink prefix, as NexusKeySource writes
        try (NexusKeySource cli = h.cliKeySource(); SecretBytes back = cli.unwrap(new NexusKeyRef("app/ci/build", "", enc))) {
            assertArrayEquals(DATA_KEY, back.copy());
        }
    }

    @Test
    void esTokensAreAcceptedToo() {
        String enc;
        try (NexusKeySource cli = h.cliKeySource()) {
            enc = cli.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(DATA_KEY)).enc();
        }
        String t = h.github.es256(h.github.github(Harness.AUD).build());
        HttpResponse<String> r = h.post("/v1/unwrap", t, "{\"key\":\"app/ci/build\",\"enc\":\"" + enc + "\"}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aDataKeyWrappedUnderAnotherNameDoesNotUnwrap() {
        String enc;
        try (NexusKeySource cli = h.cliKeySource()) {
            enc = cli.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(DATA_KEY)).enc();
        }
        HttpResponse<String> r = h.post("/v1/unwrap", token(), "{\"key\":\"app/prod/db\",\"enc\":\"" + enc + "\"}");
        assertEquals(422, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(h.parse(r.body()).get("detail").asText().contains("not in the keyset"), r.body());
    }

    @Test
    void missingKeyIs404OnlyAfterAuthorization() {
        HttpResponse<String> r = h.post("/v1/unwrap", token(), "{\"key\":\"app/ci/absent\",\"enc\":\"AQID\"}");
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("no Nexus key named app/ci/absent", h.parse(r.body()).get("detail").asText());
        HttpResponse<String> denied = h.post("/v1/unwrap", token(), "{\"key\":\"other/absent\",\"enc\":\"AQID\"}");
        assertEquals(403, denied.statusCode(), denied.body());
    }

    @Test
    void badRequestsAre400() {
        assertEquals(400, h.post("/v1/unwrap", token(), "not json").statusCode());
        assertEquals(400, h.post("/v1/unwrap", token(), "{\"key\":\"app/ci/build\"}").statusCode());
        assertEquals(400, h.post("/v1/unwrap", token(), "{\"key\":\"../etc\",\"enc\":\"AQID\"}").statusCode());
        assertEquals(400, h.post("/v1/unwrap", token(), "{\"key\":\"app/ci/build\",\"enc\":\"%%%\"}").statusCode());
        HttpResponse<String> shortKey = h.post("/v1/wrap", token(), "{\"key\":\"app/ci/build\",\"dataKey\":\"AQID\"}");
        assertEquals(400, shortKey.statusCode());
        assertEquals("dataKey must be 32 bytes", h.parse(shortKey.body()).get("detail").asText());
        assertEquals(405, h.get("/v1/unwrap", token()).statusCode());
        HttpResponse<String> big = h.post("/v1/unwrap", token(), "{\"key\":\"" + "a".repeat(70_000) + "\"}");
        assertEquals(413, big.statusCode());
        assertEquals("urn:sops4j:gateway:problem:too-large", h.parse(big.body()).get("type").asText());
        assertEquals(404, h.get("/v1/nothing", token()).statusCode());
    }

    @Test
    void readsACiSecretWhenTheGrantAllows() {
        HttpResponse<String> r = h.get("/v1/secrets/app/ci/npm", token());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"path\":\"app/ci/npm\",\"values\":{\"token\":\"npm-secret-value-123\"}}", r.body());
        JsonNode a = h.lastAudit();
        assertEquals("read-secret", a.get("action").asText());
        assertEquals("app/ci/npm", a.get("key").asText());
        assertEquals(403, h.get("/v1/secrets/other/npm", token()).statusCode());
        assertFalse(h.auditText().contains("npm-secret-value-123"));
    }

    @Test
    void auditNeverContainsTokensOrKeys() {
        String t = token();
        String enc;
        try (NexusKeySource cli = h.cliKeySource()) {
            enc = cli.wrap(new NexusKeyRef("app/prod/db", "", ""), SecretBytes.copyOf(DATA_KEY)).enc();
        }
        assertEquals(200, h.post("/v1/unwrap", t, "{\"key\":\"app/prod/db\",\"enc\":\"" + enc + "\"}").statusCode());
        String wrapToken = token();
        HttpResponse<String> w = h.post("/v1/wrap", wrapToken, "{\"key\":\"app/prod/db\",\"dataKey\":\"" + b64(DATA_KEY) + "\"}");
        assertEquals(200, w.statusCode());
        String audit = h.auditText();
        assertFalse(audit.contains(t.substring(t.lastIndexOf('.') + 1)), "token signature in audit");
        assertFalse(audit.contains(t.split("\\.")[1]), "token payload in audit");
        assertFalse(audit.contains(b64(DATA_KEY)), "data key in audit");
        assertFalse(audit.contains(enc), "wrapped key in audit");
        assertFalse(audit.contains(h.parse(w.body()).get("enc").asText()), "wrap output in audit");
        for (JsonNode line : h.auditLines()) {
            line.fieldNames().forEachRemaining(f -> assertTrue(java.util.Set.of("time", "route", "decision", "status",
                    "reason", "ruleId", "issuer", "sub", "repositoryId", "projectId", "runId", "pipelineId", "jtiHash",
                    "action", "key", "nexusStatus", "latencyMs", "flagged", "alert", "subject", "count",
                    "windowSeconds").contains(f), "unexpected audit field " + f));
        }
    }

    @Test
    void whoamiShowsNormalisedClaimsAndGrants() {
        String t = h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).build());
        HttpResponse<String> r = h.get("/v1/whoami", t);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = h.parse(r.body());
        assertEquals("gitlab", n.get("issuer").asText());
        assertTrue(n.get("claims").get("ref_protected").isBoolean(), r.body());
        assertEquals("gitlab-protected", n.get("grants").get(0).get("rule").asText());
        assertEquals("[\"unwrap\",\"wrap\"]", n.get("grants").get(0).get("actions").toString());
    }

    @Test
    void gitlabStringBooleansAreNormalisedForRules() {
        String enc;
        try (NexusKeySource cli = h.cliKeySource()) {
            enc = cli.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(DATA_KEY)).enc();
        }
        String body = "{\"key\":\"app/ci/build\",\"enc\":\"" + enc + "\"}";
        String prot = h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).build());
        assertEquals(200, h.post("/v1/unwrap", prot, body).statusCode());
        String unprot = h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).claim("ref_protected", "false").build());
        assertEquals(403, h.post("/v1/unwrap", unprot, body).statusCode());
        assertEquals("default-deny", h.lastAudit().get("ruleId").asText());
        assertEquals("20", h.lastAudit().get("projectId").asText());
        assertEquals("555", h.lastAudit().get("pipelineId").asText());
    }

    @Test
    void healthReadinessAndMetrics() {
        assertEquals("{\"status\":\"ok\"}", h.get("/healthz", null).body());
        HttpResponse<String> ready = h.get("/readyz", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("{\"ready\":true,\"policy\":true,\"jwks\":true,\"nexus\":true}", ready.body());
        h.get("/v1/whoami", token());
        String m = h.get("/metrics", null).body();
        assertTrue(m.contains("sops4j_gateway_requests_total{decision=\"ok\",route=\"/v1/whoami\"} "), m);
        assertTrue(m.contains("# TYPE sops4j_gateway_request_duration_seconds histogram"), m);
        assertTrue(m.contains("sops4j_gateway_request_duration_seconds_bucket{route=\"/v1/whoami\",le=\"+Inf\"} "), m);
        assertTrue(m.contains("sops4j_gateway_jwks_fetches_total{issuer=\"github\"} "), m);
        // JVM and process metrics from the Prometheus client library
        assertTrue(m.contains("# TYPE jvm_memory_used_bytes gauge"), m);
        assertTrue(m.contains("# TYPE jvm_threads_current gauge"), m);
        assertTrue(m.contains("# TYPE process_cpu_seconds_total counter"), m);
        assertTrue(m.contains("# TYPE process_open_fds gauge"), m);
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                h.get("/metrics", null).headers().firstValue("Content-Type").orElse(""));
    }
}
