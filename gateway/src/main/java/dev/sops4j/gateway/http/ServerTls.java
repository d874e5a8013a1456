package dev.sops4j.gateway.http;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The inbound certificate as an {@link SSLContext}: PEM (chain + PKCS#8 key) or PKCS#12. */
public final class ServerTls {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    /** TLS 1.2 is the floor; 1.3 is preferred when the client offers it. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTls() {
    }

    public static SSLContext context(GatewayConfig.Tls tls) {
        try {
            KeyStore ks;
            char[] pw;
            if (tls.pkcs12().isPresent()) {
                pw = tls.pkcs12Password().orElse(new char[0]);
                ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(tls.pkcs12().get())) {
                    ks.load(in, pw);
                }
            } else {
                pw = new char[0];
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                List<? extends Certificate> chain = chain(tls.certificate().orElseThrow());
                ks.setKeyEntry("gateway", key(tls.privateKey().orElseThrow()), pw, chain.toArray(new Certificate[0]));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot load the TLS certificate: " + oneLine(e), e);
        }
    }

    private static List<? extends Certificate> chain(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<? extends Certificate> certs = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new ConfigException("tls.certificate: no certificate in " + pem);
            }
            return certs;
        }
    }

    private static PrivateKey key(Path pem) throws IOException, GeneralSecurityException {
        Matcher m = PKCS8.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new ConfigException("tls.privateKey: expected an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException("tls.privateKey: unsupported key algorithm (use EC, RSA or Ed25519)");
    }

    private static String oneLine(Exception e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
    }
}
