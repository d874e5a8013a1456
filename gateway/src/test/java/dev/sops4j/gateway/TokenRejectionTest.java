package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.gateway.support.TestIssuer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every token the gateway must refuse gets 401 with RFC 6750's invalid_token challenge, and an audit reason. */
class TokenRejectionTest {
    private static final String NO_KEY = "no published key matches the token's kid and algorithm";
    private static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static JWTClaimsSet.Builder valid() {
        return h.github.github(Harness.AUD);
    }

    private static void assertRejected(String token, String reason, String detail) {
        HttpResponse<String> r = h.post("/v1/unwrap", token, "{\"key\":\"app/prod/db\",\"enc\":\"AQID\"}");
        assertEquals(401, r.statusCode(), r.body());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer error=\"invalid_token\""), challenge);
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode p = h.parse(r.body());
        assertEquals("urn:sops4j:gateway:problem:invalid-token", p.get("type").asText());
        assertEquals(401, p.get("status").asInt());
        assertEquals(detail, p.get("detail").asText());
        JsonNode a = h.lastAudit();
        assertEquals("invalid_token", a.get("decision").asText());
        assertEquals(reason, a.get("reason").asText());
        assertEquals(401, a.get("status").asInt());
    }

    @Test
    void acceptsTheValidBaseline() {
        HttpResponse<String> r = h.get("/v1/whoami", h.github.rs256(valid().build()));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void algNone() {
        assertRejected(TestIssuer.unsigned(valid().build()), "unsigned", "unsigned tokens (alg none) are rejected");
    }

    @Test
    void hs256SignedWithThePublicKey() {
        assertRejected(h.github.hs256WithPublicKey(valid().build()), "bad_signature",
                NO_KEY);
    }

    @Test
    void unknownKid() {
        int before = h.github.jwksFetches.get();
        assertRejected(h.github.unknownKid(valid().build()), "bad_signature",
                NO_KEY);
        // A second unknown kid right away must not trigger another fetch: refreshes are rate-limited.
        assertRejected(h.github.unknownKid(valid().build()), "bad_signature",
                NO_KEY);
        assertTrue(h.github.jwksFetches.get() - before <= 1, "JWKS refetched more than once");
    }

    @Test
    void wrongIssuer() {
        assertRejected(h.github.rs256(valid().issuer("https://token.actions.githubusercontent.com.evil").build()),
                "unconfigured_issuer", "issuer is not configured");
    }

    @Test
    void issuerKeysDoNotCrossIssuers() {
        // Signed with GitHub's key but claiming the GitLab issuer: GitLab's JWKS has no such key.
        assertRejected(h.github.rs256(h.gitlab.gitlab(Harness.AUD).build()), "bad_signature",
                "Signed JWT rejected: Invalid signature");
    }

    @Test
    void wrongAudience() {
        assertRejected(h.github.rs256(valid().audience("https://github.com/octo-org").build()), "audience",
                "JWT aud claim rejected");
    }

    @Test
    void twoAudiences() {
        assertRejected(h.github.rs256(valid().audience(List.of(Harness.AUD, "https://other")).build()), "audience",
                "token must carry exactly one audience");
    }

    @Test
    void expired() {
        Instant now = Instant.now();
        assertRejected(h.github.rs256(valid().issueTime(Date.from(now.minusSeconds(400)))
                .notBeforeTime(Date.from(now.minusSeconds(400)))
                .expirationTime(Date.from(now.minusSeconds(120))).build()), "expired", "Expired JWT");
    }

    @Test
    void notYetValid() {
        Instant now = Instant.now();
        assertRejected(h.github.rs256(valid().notBeforeTime(Date.from(now.plusSeconds(200))).build()),
                "not_yet_valid", "JWT before use time");
    }

    @Test
    void issuedInTheFuture() {
        Instant now = Instant.now();
        assertRejected(h.github.rs256(valid().issueTime(Date.from(now.plusSeconds(200)))
                .expirationTime(Date.from(now.plusSeconds(400))).build()), "issued_in_future",
                "token issued in the future");
    }

    @Test
    void lifetimeOverTheCap() {
        Instant now = Instant.now();
        assertRejected(h.github.rs256(valid().issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(3600))).build()), "lifetime",
                "token lifetime exceeds 600s");
    }

    @Test
    void missingExp() {
        assertRejected(h.github.rs256(valid().expirationTime(null).build()), "missing_claims",
                "JWT missing required claims: [exp]");
    }

    @Test
    void missingImmutableIdClaim() {
        assertRejected(h.github.rs256(valid().claim("repository_id", null).build()), "missing_claims",
                "JWT missing required claims: [repository_id]");
    }

    @Test
    void missingAndGarbageTokens() {
        assertRejected(null, "missing", "no bearer token");
        assertRejected("not-a-jwt", "malformed", "token is not a JWT");
    }

    @Test
    void tamperedPayload() {
        String t = h.github.rs256(valid().build());
        String[] parts = t.split("\\.");
        String evil = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                h.github.github(Harness.AUD).claim("repository_id", "1").build().toString().getBytes());
        assertRejected(parts[0] + "." + evil + "." + parts[2], "bad_signature",
                "Signed JWT rejected: Invalid signature");
    }
}
