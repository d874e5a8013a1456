package dev.sops4j.nexus.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.NexusKeySource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's half of the gateway contract, against scripted answers: bodies, tokens, retries, error lines. */
class GatewayKeyClientTest {
    private static final byte[] DK = dataKey();
    private static final String DK_B64 = Base64.getEncoder().encodeToString(DK);
    private static final byte[] WRAPPED = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final String WRAPPED_B64 = Base64.getEncoder().encodeToString(WRAPPED);

    private static byte[] dataKey() {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 7 + 1);
        }
        return k;
    }

    private final FakeGateway gw;
    private final AtomicInteger tokens = new AtomicInteger();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;

    GatewayKeyClientTest() throws IOException {
        gw = new FakeGateway();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private GatewayKeyClient client() {
        return client(gw.url());
    }

    private GatewayKeyClient client(URI url) {
        return new GatewayKeyClient(url, () -> "tok-" + tokens.incrementAndGet(), HttpClient.newHttpClient(),
                waits::add);
    }

    @Test
    void wrapPostsNameAndKeyWithABearerTokenAndDecodesEnc() {
        gw.answer(200, "{\"key\":\"app/ci/build\",\"enc\":\"" + WRAPPED_B64 + "\"}");
        try (GatewayKeyClient c = client()) {
            assertArrayEquals(WRAPPED, c.wrap("app/ci/build", SecretBytes.copyOf(DK)));
        }
        assertEquals(List.of(new FakeGateway.Seen("POST", "/v1/wrap", "Bearer tok-1", "application/json",
                "{\"key\":\"app/ci/build\",\"dataKey\":\"" + DK_B64 + "\"}")), gw.seen);
    }

    @Test
    void unwrapThroughTheKeySourceSendsTheFilesEncAndReturnsTheDataKey() {
        gw.answer(200, "{\"dataKey\":\"" + DK_B64 + "\"}");
        try (NexusKeySource src = new NexusKeySource(client());
             SecretBytes back = src.unwrap(new NexusKeyRef("app/ci/build", "2026-01-01T00:00:00Z", WRAPPED_B64))) {
            assertArrayEquals(DK, back.copy());
        }
        assertEquals("{\"key\":\"app/ci/build\",\"enc\":\"" + WRAPPED_B64 + "\"}", gw.seen.get(0).body());
        assertEquals("/v1/unwrap", gw.seen.get(0).path());
    }

    @Test
    void wrapThroughTheKeySourceStampsCreatedAt() {
        gw.answer(200, "{\"enc\":\"" + WRAPPED_B64 + "\"}");
        try (NexusKeySource src = new NexusKeySource(client())) {
            NexusKeyRef r = src.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(DK));
            assertEquals("app/ci/build", r.name());
            assertEquals(WRAPPED_B64, r.enc());
            assertTrue(r.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), r.createdAt());
        }
    }

    @Test
    void retries429And503WithAFreshTokenHonouringRetryAfterCappedAt10s() {
        gw.answer(429, "{\"detail\":\"slow down\"}", "2").answer(503, "{}").answer(503, "{}", "3600")
                .answer(200, "{\"dataKey\":\"" + DK_B64 + "\"}");
        try (GatewayKeyClient c = client(); SecretBytes back = c.unwrap("app/ci/build", WRAPPED)) {
            assertArrayEquals(DK, back.copy());
        }
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10)), waits);
        assertEquals(List.of("Bearer tok-1", "Bearer tok-2", "Bearer tok-3", "Bearer tok-4"),
                gw.seen.stream().map(FakeGateway.Seen::authorization).toList());
    }

    @Test
    void givesUpAfterFourAttempts() {
        for (int i = 0; i < 4; i++) {
            gw.answer(503, "{\"detail\":\"Nexus is not ready\"}", "1");
        }
        try (GatewayKeyClient c = client()) {
            var e = assertThrows(KeySourceException.class, () -> c.unwrap("app/ci/build", WRAPPED));
            assertEquals("gateway unwrap of nexus key app/ci/build failed (HTTP 503): Nexus is not ready",
                    e.getMessage());
        }
        assertEquals(4, gw.seen.size());
        assertEquals(3, waits.size());
    }

    @Test
    void refusalsAreOneLineAndNotRetried() {
        gw.answer(403, "{\"detail\":\"rule app-main denies\"}")
                .answer(401, "{\"detail\":\"token expired\\nat line 2\"}")
                .answer(502, "not json")
                .answer(404, "{\"detail\":\"no Nexus key named app/none\"}");
        try (GatewayKeyClient c = client()) {
            assertEquals("gateway unwrap of nexus key app/ci/build failed (HTTP 403): the gateway policy does not "
                    + "allow this job to unwrap this key", message(() -> c.unwrap("app/ci/build", WRAPPED)));
            assertEquals("gateway wrap of nexus key app/ci/build failed (HTTP 401): the CI token was rejected: token "
                    + "expired at line 2", message(() -> c.wrap("app/ci/build", SecretBytes.copyOf(DK))));
            assertEquals("gateway unwrap of nexus key app/ci/build failed (HTTP 502): no detail",
                    message(() -> c.unwrap("app/ci/build", WRAPPED)));
            assertEquals("gateway unwrap of nexus key app/none failed (HTTP 404): no Nexus key named app/none",
                    message(() -> c.unwrap("app/none", WRAPPED)));
        }
        assertEquals(4, gw.seen.size());
        assertTrue(waits.isEmpty());
    }

    @Test
    void malformedAnswersAreErrors() {
        gw.answer(200, "{\"enc\":\"\"}").answer(200, "{\"dataKey\":\"%%%\"}").answer(200, "{\"enc\":\"***\"}")
                .answer(200, "<html>");
        try (GatewayKeyClient c = client()) {
            assertEquals("gateway answer for nexus key k has no enc", message(() -> c.wrap("k", SecretBytes.copyOf(DK))));
            assertEquals("gateway answered with a malformed data key for k", message(() -> c.unwrap("k", WRAPPED)));
            assertEquals("gateway answered with a malformed wrapped key for k",
                    message(() -> c.wrap("k", SecretBytes.copyOf(DK))));
            assertEquals("gateway answered unwrap of nexus key k with malformed JSON",
                    message(() -> c.unwrap("k", WRAPPED)));
        }
    }

    @Test
    void unreachableGatewayIsOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port);
        try (GatewayKeyClient c = client(dead)) {
            assertEquals("cannot reach the sops4j gateway at http://127.0.0.1:" + port
                    + ": connection refused or unreachable", message(() -> c.unwrap("k", WRAPPED)));
        }
    }

    // ---- configuration from the environment ----

    private Environment env(Map<String, String> vars) {
        return new Environment(vars, dir, dir);
    }

    @Test
    void configuredOnlyWithANonBlankUrl() {
        assertFalse(GatewayKeyClient.configured(env(Map.of())));
        assertFalse(GatewayKeyClient.configured(env(Map.of("SOPS4J_GATEWAY_URL", "  "))));
        assertTrue(GatewayKeyClient.configured(env(Map.of("SOPS4J_GATEWAY_URL", "https://gw.example"))));
    }

    @Test
    void environmentErrorsAreOneLine() throws IOException {
        assertEquals("SOPS4J_GATEWAY_URL must be an https URL with a host, not http://gw.example",
                message(() -> GatewayKeyClient.fromEnvironment(env(Map.of("SOPS4J_GATEWAY_URL", "http://gw.example",
                        "SOPS4J_OIDC_TOKEN", "t")))));
        assertEquals("SOPS4J_GATEWAY_URL is not a valid URL: https://gw example",
                message(() -> GatewayKeyClient.fromEnvironment(env(Map.of("SOPS4J_GATEWAY_URL", "https://gw example",
                        "SOPS4J_OIDC_TOKEN", "t")))));
        assertEquals("SOPS4J_GATEWAY_CA_FILE: cannot load CA certificates from " + dir.resolve("missing.pem"),
                message(() -> GatewayKeyClient.fromEnvironment(env(Map.of("SOPS4J_GATEWAY_URL", "https://gw.example",
                        "SOPS4J_GATEWAY_CA_FILE", "missing.pem", "SOPS4J_OIDC_TOKEN", "t")))));
        Files.writeString(dir.resolve("empty.pem"), "");
        assertEquals("SOPS4J_GATEWAY_CA_FILE: no PEM certificates in " + dir.resolve("empty.pem"),
                message(() -> GatewayKeyClient.fromEnvironment(env(Map.of("SOPS4J_GATEWAY_URL", "https://gw.example",
                        "SOPS4J_GATEWAY_CA_FILE", "empty.pem", "SOPS4J_OIDC_TOKEN", "t")))));
    }

    @Test
    void aPrivateCaIsTrustedOnTopOfTheJdkRoots() throws Exception {
        var svid = dev.sops4j.nexus.fake.TestPki.create("ca.test").issue("spiffe://ca.test/x");
        Files.writeString(dir.resolve("ca.pem"), svid.bundlePem());
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((java.security.KeyStore) null);
        int jdkRoots = ((javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers().length;
        java.security.KeyStore ks = GatewayKeyClient.trustStore(dir.resolve("ca.pem"));
        assertTrue(jdkRoots > 0, "the JDK ships public roots");
        assertEquals(jdkRoots + 1, ks.size());
        assertEquals("ca0", ks.getCertificateAlias(svid.ca()));
    }

    @Test
    void theKeySourceRoutesToTheGatewayWhenItsUrlIsSetAndReportsOnFirstUse() {
        // No SPIFFE settings at all: with the gateway URL set the source must not look for an identity.
        try (NexusKeySource src = new NexusKeySource(env(Map.of("SOPS4J_GATEWAY_URL", "https://gw.example")))) {
            assertEquals("SOPS4J_GATEWAY_URL is set but there is no OIDC token: set SOPS4J_OIDC_TOKEN, or "
                    + "SOPS4J_OIDC_TOKEN_VAR (GitLab id_tokens), or run in GitHub Actions with "
                    + "'permissions: id-token: write'", message(() -> src.unwrap(new NexusKeyRef("a/b", "", "AQ=="))));
        }
        try (NexusKeySource src = new NexusKeySource(env(Map.of()))) {
            assertEquals("no SPIFFE identity for Nexus: set SOPS4J_SPIFFE_DIR (spiffe-helper files) or "
                    + "SPIFFE_ENDPOINT_SOCKET (Workload API)", message(() -> src.unwrap(new NexusKeyRef("a/b", "", "AQ=="))));
        }
    }

    static String message(Runnable r) {
        return assertThrows(KeySourceException.class, r::run).getMessage();
    }
}
