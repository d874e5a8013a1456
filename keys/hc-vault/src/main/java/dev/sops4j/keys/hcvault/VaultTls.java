package dev.sops4j.keys.hcvault;

import dev.sops4j.core.error.KeySourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS trust Vault's client would use: the JDK defaults, a CA file or directory, or (skip-verify) none. */
final class VaultTls {
    private VaultTls() {
    }

    static SSLContext context(VaultSettings s) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (s.skipVerify()) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            } else if (s.caCert().isPresent() || s.caPath().isPresent()) {
                List<Path> pems = new ArrayList<>();
                s.caCert().ifPresent(pems::add);
                if (s.caPath().isPresent()) {
                    try (Stream<Path> files = Files.list(s.caPath().get())) {
                        files.filter(Files::isRegularFile).sorted().forEach(pems::add);
                    }
                }
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                int i = 0;
                for (Path pem : pems) {
                    try (InputStream in = Files.newInputStream(pem)) {
                        for (Certificate c : cf.generateCertificates(in)) {
                            trust.setCertificateEntry("ca-" + i++, c);
                        }
                    }
                }
                if (i == 0) {
                    throw new KeySourceException("no CA certificates found in VAULT_CACERT/VAULT_CAPATH");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            } else {
                return SSLContext.getDefault();
            }
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeySourceException("cannot set up TLS for Vault: " + e.getMessage(), e);
        }
    }

    /** VAULT_SKIP_VERIFY: no certificate or host name check, as Vault's client does with InsecureSkipVerify. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
