package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.nexus.real.RealNexus;
import dev.sops4j.nexus.spiffe.PemSvidSource;
import io.spiffe.provider.SpiffeKeyManager;
import io.spiffe.provider.SpiffeTrustManager;
import io.spiffe.workloadapi.X509Source;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NexusWireContract} against the real SPIKE Nexus 0.8.2 (one ready, in memory; one not initialised), plus
 * what only the real server does: HTTP/2, FIPS TLS, the cipher routes. Skipped when ../shared/tools is absent.
 */
class RealNexusWireTest extends NexusWireContract {
    @TempDir
    static Path dir;
    private static RealNexus nexus;
    private static RealNexus notReady;
    private static X509Source superuser;
    private static X509Source notReadySuperuser;
    private static X509Source stranger;

    @BeforeAll
    static void start() {
        nexus = RealNexus.startOrSkip(dir.resolve("ready"));
        notReady = RealNexus.startNotReadyOrSkip(dir.resolve("not-ready"));
        superuser = PemSvidSource.open(nexus.issue(RealNexus.SUPERUSER, dir.resolve("su")));
        notReadySuperuser = PemSvidSource.open(notReady.issue(RealNexus.SUPERUSER, dir.resolve("su-not-ready")));
        stranger = PemSvidSource.open(nexus.issue("spiffe://spike.ist/workload/stranger", dir.resolve("stranger")));
    }

    @AfterAll
    static void stop() {
        for (RealNexus n : new RealNexus[] {nexus, notReady}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Override
    URI url() {
        return nexus.url();
    }

    @Override
    URI notReadyUrl() {
        return notReady.url();
    }

    @Override
    X509Source superuser() {
        return superuser;
    }

    @Override
    X509Source notReadySuperuser() {
        return notReadySuperuser;
    }

    @Override
    X509Source stranger() {
        return stranger;
    }

    private static HttpClient http2() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(new KeyManager[] {new SpiffeKeyManager(superuser)}, new TrustManager[] {new SpiffeTrustManager(superuser)},
                null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_2).build();
    }

    @Test
    void negotiatesHttp2OverTls13WithAesGcm() throws Exception {
        var r = http2().send(HttpRequest.newBuilder(URI.create(nexus.url() + "/v1/store/secrets?action=list"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        var session = r.sslSession().orElseThrow();
        assertEquals("TLSv1.3", session.getProtocol());
        assertTrue(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384").contains(session.getCipherSuite()),
                session.getCipherSuite());
    }

    @Test
    void streamModeCipherAnswersAreOctetStreams() throws Exception {
        var r = http2().send(HttpRequest.newBuilder(URI.create(nexus.url() + "/v1/cipher/encrypt"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        var json = http2().send(HttpRequest.newBuilder(URI.create(nexus.url() + "/v1/cipher/encrypt"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"plaintext\":\"aGVsbG8=\"}")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
        assertTrue(json.body().startsWith("{\"version\":1,\"nonce\":\""), json.body());
    }
}
