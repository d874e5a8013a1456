package dev.sops4j.nexus.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spiffe.provider.SpiffeKeyManager;
import io.spiffe.provider.SpiffeTrustManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's raw wire behaviour, seen with a plain HTTP client (no sops4j code on the client side). */
class FakeNexusServerTest {
    private final TestPki pki = TestPki.create("spike.ist");
    private final FakeNexusServer nexus = FakeNexusServer.start(pki.issue("spiffe://spike.ist/spike/nexus"));

    @AfterEach
    void stop() {
        nexus.close();
    }

    private HttpClient http(boolean withClientCert) throws Exception {
        var source = pki.issue("spiffe://spike.ist/spike/pilot/role/superuser").source();
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(withClientCert ? new KeyManager[] {new SpiffeKeyManager(source)} : new KeyManager[0],
                new TrustManager[] {new SpiffeTrustManager(source)}, null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
    }

    private HttpResponse<String> send(HttpClient c, String method, String pathAndQuery, String body)
            throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(nexus.url() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersExactlyLikeSpike() throws Exception {
        HttpClient c = http(true);
        var put = send(c, "POST", "/v1/store/secrets", "{\"path\":\"a/b\",\"values\":{\"k\":\"v\"}}");
        assertEquals(200, put.statusCode());
        assertEquals("{}", put.body());
        assertEquals("application/json", put.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store, no-cache, must-revalidate, private",
                put.headers().firstValue("Cache-Control").orElse(""));
        var get = send(c, "POST", "/v1/store/secrets?action=get", "{\"path\":\"a/b\"}");
        assertEquals("{\"data\":{\"k\":\"v\"}}", get.body());
        var list = send(c, "POST", "/v1/store/secrets?action=list", "{}");
        assertEquals("{\"keys\":[\"a/b\"]}", list.body());
        var notFound = send(c, "POST", "/v1/store/secrets?action=get", "{\"path\":\"a/c\"}");
        assertEquals(404, notFound.statusCode());
        assertEquals("{\"err\":\"api_not_found\"}", notFound.body());
        for (var bad : List.of(send(c, "GET", "/v1/store/secrets?action=get", ""),
                send(c, "POST", "/v1/store/secrets?action=metadata", "{\"path\":\"a/b\"}"),
                send(c, "POST", "/v1/store/secrets?action=get", "{not json"),
                send(c, "POST", "/v1/store/secrets", "{\"path\":\"a:b\",\"values\":{\"k\":\"v\"}}"))) {
            assertEquals(400, bad.statusCode());
            assertEquals("{\"err\":\"api_bad_request\"}", bad.body());
        }
        nexus.failNext(1, 503);
        var notReady = send(c, "POST", "/v1/store/secrets?action=get", "{\"path\":\"a/b\"}");
        assertEquals(503, notReady.statusCode());
        assertEquals("{\"err\":\"state_not_ready\"}", notReady.body());
    }

    @Test
    void requiresAClientCertificate() throws Exception {
        HttpClient c = http(false);
        assertThrows(IOException.class, () -> send(c, "POST", "/v1/store/secrets?action=list", "{}"));
        assertEquals(0, nexus.totalRequests());
    }
}
