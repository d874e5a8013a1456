package dev.sops4j.nexus.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.sops4j.core.env.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the CI token comes from: a static variable, a GitLab id_tokens variable, or GitHub's token endpoint. */
class OidcTokenSourceTest {
    private static final String AUD = "https://gateway.example/";
    private HttpServer actions;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger minted = new AtomicInteger();
    private final AtomicReference<String> reply = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        actions = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        actions.createContext("/token", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawQuery() + " "
                    + ex.getRequestHeaders().getFirst("Authorization"));
            String r = reply.get();
            byte[] b = (r == null ? "{\"value\":\"gh-token-" + minted.incrementAndGet() + "\"}" : r)
                    .getBytes(StandardCharsets.UTF_8);
            int status = r != null && r.startsWith("403") ? 403 : 200;
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        actions.start();
    }

    @AfterEach
    void stop() {
        actions.stop(0);
    }

    private OidcTokenSource source(Map<String, String> vars) {
        return OidcTokenSource.fromEnvironment(new Environment(vars, Path.of("/"), Path.of("/")), AUD, http);
    }

    private Map<String, String> github() {
        Map<String, String> m = new HashMap<>();
        m.put("ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:" + actions.getAddress().getPort()
                + "/token?api-version=2.0");
        m.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "req-token");
        return m;
    }

    @Test
    void aStaticTokenWinsOverEverythingElse() {
        Map<String, String> m = github();
        m.put("SOPS4J_OIDC_TOKEN", "  static.jwt.value \n");
        m.put("SOPS4J_OIDC_TOKEN_VAR", "GL_TOKEN");
        m.put("GL_TOKEN", "gitlab.jwt");
        assertEquals("static.jwt.value", source(m).token());
        assertEquals(List.of(), requests);
    }

    @Test
    void gitlabVariableNamedByTokenVar() {
        Map<String, String> m = github();
        m.put("SOPS4J_OIDC_TOKEN_VAR", "GL_TOKEN");
        m.put("GL_TOKEN", "gitlab.jwt");
        assertEquals("gitlab.jwt", source(m).token());
        assertEquals("SOPS4J_OIDC_TOKEN_VAR names GL_TOKEN, which is not set (declare it under id_tokens)",
                GatewayKeyClientTest.message(() -> source(Map.of("SOPS4J_OIDC_TOKEN_VAR", "GL_TOKEN"))));
    }

    @Test
    void githubTokensAreRequestedForOurAudienceOncePerCall() {
        OidcTokenSource s = source(github());
        assertEquals(List.of(), requests, "nothing is requested until a token is needed");
        assertEquals("gh-token-1", s.token());
        assertEquals("gh-token-2", s.token());
        assertEquals(List.of("GET api-version=2.0&audience=https%3A%2F%2Fgateway.example%2F bearer req-token",
                "GET api-version=2.0&audience=https%3A%2F%2Fgateway.example%2F bearer req-token"), requests);
    }

    @Test
    void githubRefusalsAndOddAnswersAreOneLine() {
        OidcTokenSource s = source(github());
        reply.set("403 forbidden");
        assertEquals("GitHub Actions refused an ID token (HTTP 403); does the job have 'permissions: id-token: write'?",
                GatewayKeyClientTest.message(s::token));
        reply.set("{\"count\":1}");
        assertEquals("GitHub Actions answered without an ID token", GatewayKeyClientTest.message(s::token));
        reply.set("<html>");
        assertEquals("GitHub Actions answered with malformed JSON", GatewayKeyClientTest.message(s::token));
    }

    @Test
    void noSourceAtAll() {
        assertEquals("SOPS4J_GATEWAY_URL is set but there is no OIDC token: set SOPS4J_OIDC_TOKEN, or "
                + "SOPS4J_OIDC_TOKEN_VAR (GitLab id_tokens), or run in GitHub Actions with "
                + "'permissions: id-token: write'", GatewayKeyClientTest.message(() -> source(Map.of(
                        "ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:1/token"))));
    }
}
