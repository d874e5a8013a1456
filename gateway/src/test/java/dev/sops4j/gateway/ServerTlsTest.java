package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.http.ServerTls;
import dev.sops4j.gateway.support.TestTls;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
    @TempDir
    Path dir;

    @Test
    void loadsPkcs12WithItsPassword() throws Exception {
        TestTls tls = new TestTls();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("gw", tls.keys.getPrivate(), "pw".toCharArray(), new Certificate[] {tls.cert});
        Path p12 = dir.resolve("gw.p12");
        try (OutputStream o = Files.newOutputStream(p12)) {
            ks.store(o, "pw".toCharArray());
        }
        SSLContext ctx = ServerTls.context(new GatewayConfig.Tls(Optional.empty(), Optional.empty(), Optional.of(p12),
                Optional.of("pw".toCharArray())));
        assertEquals("TLS", ctx.getProtocol());
        ConfigException e = assertThrows(ConfigException.class, () -> ServerTls.context(new GatewayConfig.Tls(
                Optional.empty(), Optional.empty(), Optional.of(p12), Optional.of("wrong".toCharArray()))));
        assertTrue(e.getMessage().startsWith("cannot load the TLS certificate: "), e.getMessage());
    }

    @Test
    void refusesTraditionalPemKeys() throws Exception {
        TestTls tls = new TestTls();
        Path crt = tls.writeCert(dir);
        Path key = Files.writeString(dir.resolve("k.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServerTls.context(new GatewayConfig.Tls(
                Optional.of(crt), Optional.of(key), Optional.empty(), Optional.empty())));
        assertEquals("tls.privateKey: expected an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert with: "
                + "openssl pkcs8 -topk8 -nocrypt", e.getMessage());
    }
}
