package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import dev.sops4j.gateway.support.Harness;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an outside black-box attack found; each case is refused with 401 (never 5xx), counted and audited. */
class AttackRegressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** The valid GitHub-style payload, changed by {@code edit}, signed by the configured issuer's real key. */
    private static String signed(Consumer<ObjectNode> edit) {
        ObjectNode n = JSON.valueToTree(h.github.github(Harness.AUD).build().toJSONObject());
        edit.accept(n);
        return h.github.rs256Json(n.toString());
    }

    private static void assertRejected(String token, String reason, String detail) {
        HttpResponse<String> r = h.get("/v1/whoami", token);
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(detail, h.parse(r.body()).get("detail").asText());
        JsonNode a = h.lastAudit();
        assertEquals("invalid_token", a.get("decision").asText());
        assertEquals(reason, a.get("reason").asText(), a.toString());
        assertTrue(h.get("/metrics", null).body().contains(
                "sops4j_gateway_token_rejections_total{reason=\"" + reason + "\"}"), reason);
    }

    @Test
    void jweBearerTokensAre401WithTheirReason() throws Exception {
        EncryptedJWT dir = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
                h.github.github(Harness.AUD).build());
        dir.encrypt(new DirectEncrypter(new byte[32]));
        String detail = "encrypted tokens (JWE) are not accepted; send the issuer's signed JWT";
        assertRejected(dir.serialize(), "encrypted", detail);
        EncryptedJWT oaep = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM),
                h.github.github(Harness.AUD).build());
        oaep.encrypt(new RSAEncrypter(h.github.rsa.toRSAPublicKey()));
        assertRejected(oaep.serialize(), "encrypted", detail);
        assertRejected("a.b.c.d.e", "malformed", "token is not a JWT");
    }

    @Test
    void epochClaimsThatWouldOverflowAreRefused() {
        long now = Instant.now().getEpochSecond();
        long big = 1L << 61;
        String range = " must be an integer number of seconds between 0 and 253402300799";
        assertRejected(signed(n -> n.put("exp", n.get("iat").asLong() + 300 + big)), "invalid_claims",
                "claim exp" + range);
        assertRejected(signed(n -> n.put("iat", now + big)), "invalid_claims", "claim iat" + range);
        assertRejected(signed(n -> n.put("nbf", Long.MAX_VALUE)), "invalid_claims", "claim nbf" + range);
        assertRejected(signed(n -> n.put("nbf", BigInteger.ONE.shiftLeft(64))), "invalid_claims", "claim nbf" + range);
        assertRejected(signed(n -> n.put("nbf", 1e300)), "invalid_claims", "claim nbf" + range);
        assertRejected(signed(n -> n.put("exp", now + 60.5)), "invalid_claims", "claim exp" + range);
        assertRejected(signed(n -> n.put("exp", Long.toString(now + 60))), "invalid_claims", "claim exp" + range);
        assertRejected(signed(n -> n.put("iat", -1)), "invalid_claims", "claim iat" + range);
    }

    @Test
    void nullClaimsAre401NeverAcceptedNever500() {
        // sub is required for this issuer, so null counts as missing
        assertRejected(signed(n -> n.putNull("sub")), "missing_claims", "JWT missing required claims: [sub]");
        assertRejected(signed(n -> n.putNull("run_id")), "missing_claims", "JWT missing required claims: [run_id]");
        assertRejected(signed(n -> n.putNull("workflow")), "invalid_claims",
                "claim workflow is null; leave a claim out instead");
        assertRejected(signed(n -> n.putNull("exp")), "missing_claims", "JWT missing required claims: [exp]");
        assertRejected(signed(n -> n.putNull("iat")), "missing_claims", "JWT missing required claims: [iat]");
    }

    @Test
    void wronglyTypedClaimsFromAConfiguredIssuerSayWhatIsWrong() {
        assertRejected(signed(n -> n.put("aud", 5)), "invalid_claims", "claim aud must be a string or a list of strings");
        assertRejected(signed(n -> n.put("sub", 5)), "invalid_claims", "claim sub must be a string");
        assertRejected(signed(n -> n.putArray("jti").add("x")), "invalid_claims", "claim jti must be a string");
        assertRejected(signed(n -> n.putArray("iss").add(h.github.issuer())), "invalid_claims",
                "claim iss must be a string");
    }

    @Test
    void aOneElementAudienceArrayIsAccepted() {
        HttpResponse<String> r = h.get("/v1/whoami", signed(n -> n.putArray("aud").add(Harness.AUD)));
        assertEquals(200, r.statusCode(), r.body());
    }

    /** One raw HTTP/1.1 request over TLS, exactly as written; returns the whole answer. */
    private static String raw(String requestHead) throws Exception {
        try (javax.net.ssl.SSLSocket sock = (javax.net.ssl.SSLSocket) h.tls.clientContext().getSocketFactory()
                .createSocket("127.0.0.1", h.gateway.port())) {
            sock.setSoTimeout(20_000);
            sock.getOutputStream().write(requestHead.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            sock.getOutputStream().flush();
            return new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void anUnparsableRequestUriGetsAJson400() throws Exception {
        for (String target : java.util.List.of("/v1/secrets/%zz", "/v1/{x}", "/a|b", "%", "{")) {
            String r = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(r.startsWith("HTTP/1.1 400 "), target + ": " + r);
            assertTrue(r.contains("\r\nContent-type: application/problem+json\r\n")
                    || r.contains("\r\nContent-Type: application/problem+json\r\n"), target + ": " + r);
            assertTrue(r.endsWith("{\"type\":\"urn:sops4j:gateway:problem:bad-request\",\"title\":\"Bad request\","
                    + "\"status\":400,\"detail\":\"request URI is not valid\"}"), target + ": " + r);
        }
        // a valid request on the same kind of connection is untouched
        String ok = raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(ok.startsWith("HTTP/1.1 200 ") && ok.endsWith("{\"status\":\"ok\"}"), ok);
    }
}
