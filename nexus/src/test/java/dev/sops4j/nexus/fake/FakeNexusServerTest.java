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
    void failNextAnswersWithTheRoutesErrorShape() throws Exception {
        HttpClient c = http(true);
        nexus.failNext(2, 500);
        var get = send(c, "POST", "/v1/store/secrets?action=get", "{\"path\":\"a/b\"}");
        assertEquals("500 {\"data\":null,\"err\":\"api_internal_error\"}", get.statusCode() + " " + get.body());
        var put = send(c, "POST", "/v1/store/secrets", "{\"path\":\"a/b\",\"values\":{\"k\":\"v\"}}");
        assertEquals("500 {\"err\":\"api_internal_error\"}", put.statusCode() + " " + put.body());
        nexus.failNext(1, 503);
        var notReady = send(c, "POST", "/v1/store/secrets?action=get", "{\"path\":\"a/b\"}");
        assertEquals("503 {\"err\":\"state_not_ready\"}", notReady.statusCode() + " " + notReady.body());
        assertEquals(3, nexus.totalRequests());
    }

    @Test
    void requiresAClientCertificate() throws Exception {
        HttpClient c = http(false);
        assertThrows(IOException.class, () -> send(c, "POST", "/v1/store/secrets?action=list", "{}"));
        assertEquals(0, nexus.totalRequests());
    }
}
