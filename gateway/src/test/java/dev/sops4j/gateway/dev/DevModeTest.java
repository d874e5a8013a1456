package dev.sops4j.gateway.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.UsageException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevModeTest {
    @Test
    void refusesNonLoopbackBinds(@TempDir Path dir) {
        UsageException e = assertThrows(UsageException.class, () -> DevMode.start(dir, "0.0.0.0", 0));
        assertEquals("dev mode listens on loopback only; 0.0.0.0 is not a loopback address", e.getMessage());
        assertTrue(Files.notExists(dir.resolve("tls.p12")));
    }

    @Test
    void servesTheDevKeyToADevTokenOverTheExportedCa(@TempDir Path dir) throws Exception {
        try (DevMode dev = DevMode.start(dir, "127.0.0.1", 0)) {
            assertEquals("export SOPS4J_GATEWAY_URL='" + dev.url() + "'\n"
                    + "export SOPS4J_GATEWAY_CA_FILE='" + dir.resolve("ca.crt") + "'\n"
                    + "export SOPS4J_GATEWAY_AUDIENCE='sops4j-gateway-dev'\n", dev.exports());
            assertEquals(dev.exports(), Files.readString(dir.resolve("env.sh")));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("issuer.jwk"))));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(dev.caFile())) {
                trust.setCertificateEntry("dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().sslContext(ctx).build();
            String token = DevIssuer.mint(dir, DevMode.AUDIENCE, "org/app", "refs/heads/main", Map.of());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dev.url() + "/v1/whoami"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"rule\":\"dev-everything\""), r.body());
            String wrap = "{\"key\":\"dev/app\",\"dataKey\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}";
            HttpResponse<String> w = http.send(HttpRequest.newBuilder(URI.create(dev.url() + "/v1/wrap"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(wrap))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, w.statusCode(), w.body());
            assertTrue(Files.readString(dir.resolve("audit.log")).contains("\"key\":\"dev/app\""));
        }
    }
}
