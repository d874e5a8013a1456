package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.gateway.support.Harness;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** When Nexus is not ready or gone, callers get 503 with Retry-After and readiness goes red. */
class NexusDownTest {

    @Test
    void nexusNotReadyIs503() {
        try (Harness h = new Harness()) {
            h.nexus.failNext(10, 503);
            String t = h.github.rs256(h.github.github(Harness.AUD).build());
            HttpResponse<String> r = h.post("/v1/unwrap", t, "{\"key\":\"app/prod/db\",\"enc\":\"AQID\"}");
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
            assertEquals("urn:sops4j:gateway:problem:nexus-unavailable", h.parse(r.body()).get("type").asText());
            assertEquals("unavailable", h.lastAudit().get("nexusStatus").asText());
            assertEquals("unavailable", h.lastAudit().get("decision").asText());
            assertTrue(h.get("/metrics", null).body().contains("sops4j_gateway_nexus_errors_total{kind=\"unavailable\"} 1.0"));
        }
    }

    @Test
    void aWrapThatMetA503CanBeRetriedWithTheSameToken() {
        try (Harness h = new Harness()) {
            h.nexus.failNext(1, 503);
            String t = h.github.rs256(h.github.github(Harness.AUD).build());
            String body = "{\"key\":\"app/ci/build\",\"dataKey\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}";
            assertEquals(503, h.post("/v1/wrap", t, body).statusCode());
            assertEquals(200, h.post("/v1/wrap", t, body).statusCode());
            assertEquals(401, h.post("/v1/wrap", t, body).statusCode());
        }
    }

    @Test
    void nexusGoneIs503AndNotReady() {
        try (Harness h = new Harness()) {
            h.nexus.close();
            String t = h.github.rs256(h.github.github(Harness.AUD).build());
            HttpResponse<String> r = h.get("/v1/secrets/app/ci/npm", t);
            assertEquals(503, r.statusCode(), r.body());
            HttpResponse<String> ready = h.get("/readyz", null);
            assertEquals(503, ready.statusCode());
            assertEquals("{\"ready\":false,\"policy\":true,\"jwks\":true,\"nexus\":false,\"nexusProblem\":\"unavailable\"}",
                    ready.body());
        }
    }

    @Test
    void issuerWithoutKeysIsNotReadyAndItsTokensAreRejected() {
        try (Harness h = new Harness(dev.sops4j.gateway.audit.AlertThresholds.defaults(), java.util.Optional.empty(),
                true)) {
            HttpResponse<String> ready = h.get("/readyz", null);
            assertEquals(503, ready.statusCode());
            assertEquals("{\"ready\":false,\"policy\":true,\"jwks\":false,\"issuersWithoutKeys\":[\"github\"],"
                    + "\"nexus\":true}", ready.body());
            HttpResponse<String> r = h.get("/v1/whoami", h.github.rs256(h.github.github(Harness.AUD).build()));
            assertEquals(401, r.statusCode());
            assertEquals("issuer keys are not available", h.parse(r.body()).get("detail").asText());
            assertTrue(h.get("/metrics", null).body().contains("sops4j_gateway_jwks_errors_total{issuer=\"github\"}"));
            // The GitLab issuer is unaffected.
            assertEquals(200, h.get("/v1/whoami", h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).build())).statusCode());
        }
    }
}
