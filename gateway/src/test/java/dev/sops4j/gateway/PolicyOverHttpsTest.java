package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.nexus.NexusKeySource;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Allow, deny-wins, default deny, rate limits and jti replay, decided by the real server. */
class PolicyOverHttpsTest {
    private static final String FORBIDDEN =
            "{\"type\":\"urn:sops4j:gateway:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"the policy does not allow this request\"}";
    private static Harness h;
    private static String prodEnc;
    private static String ciEnc;

    @BeforeAll
    static void start() {
        h = new Harness();
        try (NexusKeySource cli = h.cliKeySource()) {
            prodEnc = cli.wrap(new NexusKeyRef("app/prod/db", "", ""), SecretBytes.copyOf(new byte[32])).enc();
            ciEnc = cli.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(new byte[32])).enc();
        }
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static HttpResponse<String> unwrap(String token, String key, String enc) {
        return h.post("/v1/unwrap", token, "{\"key\":\"" + key + "\",\"enc\":\"" + enc + "\"}");
    }

    @Test
    void denyRuleWinsOverAMatchingAllowAndIsNotNamed() {
        String t = h.github.rs256(h.github.github(Harness.AUD).claim("runner_environment", "self-hosted").build());
        HttpResponse<String> r = unwrap(t, "app/prod/db", prodEnc);
        assertEquals(403, r.statusCode());
        assertEquals(FORBIDDEN, r.body());
        assertFalse(r.body().contains("no-self-hosted"));
        assertEquals("no-self-hosted", h.lastAudit().get("ruleId").asText());
        assertEquals("deny", h.lastAudit().get("decision").asText());
    }

    @Test
    void scopedDenyOnlyCoversItsKeys() {
        String pr1 = h.github.rs256(h.github.github(Harness.AUD).claim("event_name", "pull_request").build());
        assertEquals(403, unwrap(pr1, "app/prod/db", prodEnc).statusCode());
        assertEquals("no-prod-from-pr", h.lastAudit().get("ruleId").asText());
        String pr2 = h.github.rs256(h.github.github(Harness.AUD).claim("event_name", "pull_request").build());
        assertEquals(200, unwrap(pr2, "app/ci/build", ciEnc).statusCode());
        assertEquals("app-main", h.lastAudit().get("ruleId").asText());
    }

    @Test
    void aRecycledRepositoryNameWithAnotherIdIsDenied() {
        String t = h.github.rs256(h.github.github(Harness.AUD).claim("repository_id", "999999").build());
        HttpResponse<String> r = unwrap(t, "app/prod/db", prodEnc);
        assertEquals(403, r.statusCode());
        assertEquals(FORBIDDEN, r.body());
        assertEquals("default-deny", h.lastAudit().get("ruleId").asText());
    }

    @Test
    void actionOutsideTheGrantIsDenied() {
        String t = h.github.rs256(h.github.github(Harness.AUD).claim("repository_id", "777").build());
        HttpResponse<String> r = h.post("/v1/wrap", t, "{\"key\":\"app/ci/build\",\"dataKey\":\""
                + Base64.getEncoder().encodeToString(new byte[32]) + "\"}");
        assertEquals(403, r.statusCode());
        assertEquals("default-deny", h.lastAudit().get("ruleId").asText());
    }

    @Test
    void perRuleRateLimitAnswers429WithRetryAfter() {
        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 4; i++) {
            String t = h.github.rs256(h.github.github(Harness.AUD).claim("repository_id", "777").build());
            HttpResponse<String> r = unwrap(t, "app/ci/build", ciEnc);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                limited = r;
            }
        }
        assertEquals(3, ok); // burst 3
        assertEquals(429, limited.statusCode(), limited.body());
        // 60/m refills one token a second: Retry-After rounds the wait up to whole seconds.
        assertEquals("1", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals("urn:sops4j:gateway:problem:rate-limited", h.parse(limited.body()).get("type").asText());
        assertEquals("rate_limited", h.lastAudit().get("decision").asText());
        assertEquals("app-limited", h.lastAudit().get("ruleId").asText());
    }

    @Test
    void aWrapTokenWorksOnce() {
        String t = h.github.rs256(h.github.github(Harness.AUD).build());
        String body = "{\"key\":\"app/ci/build\",\"dataKey\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
        assertEquals(200, h.post("/v1/wrap", t, body).statusCode());
        HttpResponse<String> again = h.post("/v1/wrap", t, body);
        assertEquals(401, again.statusCode());
        assertEquals("token already used for wrap", h.parse(again.body()).get("detail").asText());
        assertTrue(again.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer error=\"invalid_token\""));
        assertEquals("replayed", h.lastAudit().get("reason").asText());
        // Unwrap is not replay-protected: a token can unwrap several keys in one job.
        assertEquals(200, unwrap(t, "app/ci/build", ciEnc).statusCode());
        assertEquals(200, unwrap(t, "app/ci/build", ciEnc).statusCode());
    }
}
