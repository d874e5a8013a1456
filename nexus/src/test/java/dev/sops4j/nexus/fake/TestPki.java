package dev.sops4j.nexus.fake;

import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.X509Source;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway SPIFFE trust domain minted per test run: an EC P-256 CA whose URI SAN is the trust domain, and
 * X509-SVID leaves per the SPIFFE X509-SVID rules (one URI SAN, CA=false, critical keyUsage with
 * digitalSignature and no certificate signing, serverAuth+clientAuth EKU).
 */
public final class TestPki {
    private final String trustDomain;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final AtomicLong serial = new AtomicLong(2);

    private TestPki(String trustDomain, KeyPair caKeys, X509Certificate ca) {
        this.trustDomain = trustDomain;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A leaf SVID: certificate, key and the CA that issued it. */
    public record Svid(String spiffeId, X509Certificate leaf, PrivateKey key, X509Certificate ca) {
        public String certPem() {
            return pem("CERTIFICATE", encoded(leaf));
        }

        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded()); // PKCS#8, as spiffe-helper writes it
        }

        public String bundlePem() {
            return pem("CERTIFICATE", encoded(ca));
        }

        public X509Svid toX509Svid() {
            try {
                return X509Svid.parse(certPem().getBytes(StandardCharsets.US_ASCII),
                        keyPem().getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes spiffe-helper's three files into {@code dir}. */
        public void writeTo(Path dir) throws IOException {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("svid.pem"), certPem());
            Files.writeString(dir.resolve("svid_key.pem"), keyPem());
            Files.writeString(dir.resolve("svid_bundle.pem"), bundlePem());
        }

        /** An in-memory source for this SVID, trusting its own CA. */
        public X509Source source() {
            X509Svid svid = toX509Svid();
            X509Bundle bundle = new X509Bundle(svid.getSpiffeId().getTrustDomain(), Set.of(ca));
            return new X509Source() {
                @Override
                public X509Svid getX509Svid() {
                    return svid;
                }

                @Override
                public X509Bundle getBundleForTrustDomain(TrustDomain td) throws BundleNotFoundException {
                    if (td.equals(bundle.getTrustDomain())) {
                        return bundle;
                    }
                    throw new BundleNotFoundException("no bundle for " + td);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    public static TestPki create(String trustDomain) {
        try {
            KeyPair kp = ecKeys();
            X500Name name = new X500Name("O=sops4j test,CN=" + trustDomain);
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(1, ChronoUnit.DAYS)), name, kp.getPublic());
            var utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://" + trustDomain)));
            return new TestPki(trustDomain, kp, sign(b, kp.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String trustDomain() {
        return trustDomain;
    }

    /** Issues a leaf SVID for {@code spiffeId} (which must be in this trust domain). */
    public Svid issue(String spiffeId) {
        if (!SpiffeId.parse(spiffeId).getTrustDomain().getName().equals(trustDomain)) {
            throw new IllegalArgumentException(spiffeId + " is not in " + trustDomain);
        }
        try {
            KeyPair kp = ecKeys();
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(serial.getAndIncrement()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                    new X500Name("O=SPIRE"), kp.getPublic());
            var utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            ASN1EncodableVector eku = new ASN1EncodableVector();
            eku.add(KeyPurposeId.id_kp_serverAuth);
            eku.add(KeyPurposeId.id_kp_clientAuth);
            b.addExtension(Extension.extendedKeyUsage, false, new DERSequence(eku));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)));
            return new Svid(spiffeId, sign(b, caKeys.getPrivate()), kp.getPrivate(), ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
