package dev.sops4j.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.nexus.NexusKeySource;
import dev.sops4j.nexus.gateway.GatewayKeyClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CI side: a Nexus-mode key wrapped in-cluster (SPIFFE) unwraps in CI through the gateway and the other way
 * round, with tokens from a loopback GitHub Actions token endpoint or a GitLab id_tokens variable.
 */
class CiKeyThroughGatewayTest {
    private static Harness h;
    private static HttpServer actions;
    private static final AtomicInteger minted = new AtomicInteger();
    private static final List<String> audiences = new CopyOnWriteArrayList<>();
    private static final byte[] DK = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DK[i] = (byte) (255 - i);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        h = new Harness();
        actions = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        actions.createContext("/token", ex -> {
            boolean ok = "bearer actions-request-token".equals(ex.getRequestHeaders().getFirst("Authorization"));
            String q = ex.getRequestURI().getRawQuery();
            audiences.add(q);
            byte[] b = ok ? ("{\"value\":\"" + h.github.rs256(h.github.github(Harness.AUD).build()) + "\"}")
                    .getBytes(StandardCharsets.UTF_8) : new byte[0];
            minted.incrementAndGet();
            ex.sendResponseHeaders(ok ? 200 : 403, ok ? b.length : -1);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        actions.start();
    }

    @AfterAll
    static void stop() {
        actions.stop(0);
        h.close();
    }

    private static Environment env(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(extra);
        m.put("SOPS4J_GATEWAY_URL", "https://127.0.0.1:" + h.gateway.port());
        m.put("SOPS4J_GATEWAY_AUDIENCE", Harness.AUD);
        m.put("SOPS4J_GATEWAY_CA_FILE", "tls.crt");
        return new Environment(m, h.dir, h.dir);
    }

    private static Environment githubEnv() {
        return env(Map.of("ACTIONS_ID_TOKEN_REQUEST_URL",
                "http://127.0.0.1:" + actions.getAddress().getPort() + "/token?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "actions-request-token"));
    }

    @Test
    void unsetUrlMeansDirectNexus() {
        assertFalse(GatewayKeyClient.configured(new Environment(Map.of("SOPS4J_GATEWAY_URL", " "), h.dir, h.dir)));
        assertTrue(GatewayKeyClient.configured(env(Map.of())));
    }

    @Test
    void githubJobUnwrapsAKeyWrappedInCluster() {
        NexusKeyRef inCluster;
        try (NexusKeySource direct = h.cliKeySource()) {
            inCluster = direct.wrap(new NexusKeyRef("app/prod/db", "", ""), SecretBytes.copyOf(DK));
        }
        int before = minted.get();
        try (NexusKeySource ci = new NexusKeySource(githubEnv());
             SecretBytes back = ci.unwrap(inCluster)) {
            assertArrayEquals(DK, back.copy());
        }
        assertEquals(before + 1, minted.get());
        assertTrue(audiences.contains("api-version=2.0&audience=https%3A%2F%2Fgateway.test"), audiences.toString());
    }

    @Test
    void githubJobWrapsTwiceWithFreshTokensAndTheClusterUnwraps() {
        try (NexusKeySource ci = new NexusKeySource(githubEnv());
             NexusKeySource direct = h.cliKeySource()) {
            for (int i = 0; i < 2; i++) {
                NexusKeyRef w = ci.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(DK));
                assertEquals("app/ci/build", w.name());
                assertTrue(w.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), w.createdAt());
                try (SecretBytes back = direct.unwrap(w)) {
                    assertArrayEquals(DK, back.copy());
                }
            }
        }
    }

    @Test
    void gitlabJobReadsTheNamedIdTokenVariable() {
        NexusKeyRef inCluster;
        try (NexusKeySource direct = h.cliKeySource()) {
            inCluster = direct.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(DK));
        }
        Environment e = env(Map.of("SOPS4J_OIDC_TOKEN_VAR", "SOPS_GATEWAY_TOKEN",
                "SOPS_GATEWAY_TOKEN", h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).build())));
        try (NexusKeySource ci = new NexusKeySource(e);
             SecretBytes back = ci.unwrap(inCluster)) {
            assertArrayEquals(DK, back.copy());
        }
    }

    @Test
    void policyDenialAndBadTokensAreOneLineErrors() {
        NexusKeyRef prod;
        try (NexusKeySource direct = h.cliKeySource()) {
            prod = direct.wrap(new NexusKeyRef("app/prod/db", "", ""), SecretBytes.copyOf(DK));
        }
        Environment gitlab = env(Map.of("SOPS4J_OIDC_TOKEN", h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).build())));
        NexusKeySource ci = new NexusKeySource(gitlab);
        assertEquals("gateway unwrap of nexus key app/prod/db failed (HTTP 403): the gateway policy does not allow "
                + "this job to unwrap this key", assertThrows(KeySourceException.class, () -> ci.unwrap(prod)).getMessage());
        NexusKeySource junk = new NexusKeySource(env(Map.of("SOPS4J_OIDC_TOKEN", "junk")));
        assertEquals("gateway unwrap of nexus key app/prod/db failed (HTTP 401): the CI token was rejected: token is "
                + "not a JWT", assertThrows(KeySourceException.class, () -> junk.unwrap(prod)).getMessage());
        assertEquals("SOPS4J_GATEWAY_URL is set but there is no OIDC token: set SOPS4J_OIDC_TOKEN, or "
                + "SOPS4J_OIDC_TOKEN_VAR (GitLab id_tokens), or run in GitHub Actions with 'permissions: id-token: write'",
                assertThrows(KeySourceException.class, () -> new NexusKeySource(env(Map.of())).unwrap(prod))
                        .getMessage());
    }

    @Test
    void withoutTheCaFileTheGatewaysPrivateCertificateIsRefused() {
        NexusKeyRef w;
        try (NexusKeySource direct = h.cliKeySource()) {
            w = direct.wrap(new NexusKeyRef("app/ci/build", "", ""), SecretBytes.copyOf(DK));
        }
        Map<String, String> m = new java.util.HashMap<>();
        m.put("SOPS4J_GATEWAY_URL", "https://127.0.0.1:" + h.gateway.port());
        m.put("SOPS4J_GATEWAY_AUDIENCE", Harness.AUD);
        m.put("SOPS4J_OIDC_TOKEN", h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).build()));
        try (NexusKeySource ci = new NexusKeySource(new Environment(m, h.dir, h.dir))) {
            String msg = assertThrows(KeySourceException.class, () -> ci.unwrap(w)).getMessage();
            assertTrue(msg.startsWith("cannot reach the sops4j gateway at https://127.0.0.1:" + h.gateway.port()
                    + ": TLS handshake failed: "), msg);
        }
    }

    @Test
    void retriesWhileNexusIsNotReady() {
        try (dev.sops4j.nexus.NexusKeyAdmin admin = new dev.sops4j.nexus.NexusKeyAdmin(h.client(Harness.SUPERUSER),
                Harness.KEY_PREFIX)) {
            admin.create("app/ci/retry");
        }
        NexusKeyRef w;
        try (NexusKeySource direct = h.cliKeySource()) {
            w = direct.wrap(new NexusKeyRef("app/ci/retry", "", ""), SecretBytes.copyOf(DK));
        }
        List<Duration> waits = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newBuilder().sslContext(h.tls.clientContext()).build();
        NexusKeySource ci = new NexusKeySource(new GatewayKeyClient(h.url("/"),
                () -> h.github.rs256(h.github.github(Harness.AUD).build()), http, waits::add));
        // The gateway has never fetched this keyset, so it must ask Nexus, whose first answer is a 503.
        h.nexus.failNext(1, 503);
        try (SecretBytes back = ci.unwrap(w)) {
            assertArrayEquals(DK, back.copy());
        }
        assertEquals(List.of(Duration.ofSeconds(5)), waits);
    }
}
