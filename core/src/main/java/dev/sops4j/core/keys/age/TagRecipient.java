package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.jcajce.provider.digest.SHA3;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Hardware-key "tag" recipients, encrypted to natively as age does: {@code age1tag1...} (HPKE DHKEM(P-256)) writes a
 * {@code p256tag} stanza, {@code age1tagpq1...} (HPKE MLKEM768-P256) an {@code mlkem768p256tag} one. Both carry a
 * 4-byte tag so the plugin holding the key recognises its stanzas. Decryption needs that plugin.
 */
final class TagRecipient implements RecipientStanzaWriter {
    static final String CLASSIC_HRP = "age1tag";
    static final String HYBRID_HRP = "age1tagpq";
    private static final int MLKEM_EK = 1184;
    private static final int POINT = 65;
    private static final int KEM_MLKEM768_P256 = 0x0050;
    private static final X9ECParameters P256 = NISTNamedCurves.getByName("P-256");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);

    private final boolean hybrid;
    private final byte[] mlkem;
    private final byte[] point;
    private final byte[] tagKey;
    private final SecureRandom random;

    private TagRecipient(boolean hybrid, byte[] mlkem, byte[] point, byte[] tagKey, SecureRandom random) {
        this.hybrid = hybrid;
        this.mlkem = mlkem;
        this.point = point;
        this.tagKey = tagKey;
        this.random = random;
    }

    static TagRecipient parse(String recipient, SecureRandom random) throws GeneralSecurityException {
        Bech32.Decoded d;
        try {
            d = Bech32.decode(recipient);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a valid Bech32-encoded tag recipient (" + e.getMessage() + ")");
        }
        byte[] data = d.data();
        if (CLASSIC_HRP.equals(d.hrp())) {
            if (data.length != 33) {
                throw new GeneralSecurityException("invalid tag recipient public key size " + data.length);
            }
            return new TagRecipient(false, null, uncompressed(data), data, random);
        }
        if (HYBRID_HRP.equals(d.hrp())) {
            if (data.length != MLKEM_EK + POINT) {
                throw new GeneralSecurityException("invalid tagpq recipient public key size " + data.length);
            }
            byte[] p = Arrays.copyOfRange(data, MLKEM_EK, data.length);
            uncompressed(p);
            try {
                new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, Arrays.copyOf(data, MLKEM_EK));
            } catch (RuntimeException e) {
                throw new GeneralSecurityException("invalid tagpq recipient ML-KEM-768 public key");
            }
            return new TagRecipient(true, Arrays.copyOf(data, MLKEM_EK), p, p, random);
        }
        throw new GeneralSecurityException("not a tag recipient");
    }

    private static byte[] uncompressed(byte[] encoded) throws GeneralSecurityException {
        try {
            ECPoint p = P256.getCurve().decodePoint(encoded);
            if (p.isInfinity() || !p.isValid()) {
                throw new GeneralSecurityException("invalid tag recipient P-256 point");
            }
            return p.getEncoded(false);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("invalid tag recipient P-256 point");
        }
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
        String type = hybrid ? "mlkem768p256tag" : "p256tag";
        byte[] label = ("age-encryption.org/" + type).getBytes(StandardCharsets.US_ASCII);
        byte[] fk = fileKey.getEncoded();
        try {
            byte[] enc;
            byte[] body;
            if (hybrid) {
                byte[][] sealed = sealHybrid(label, fk);
                enc = sealed[0];
                body = sealed[1];
            } else {
                HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256,
                        HPKE.aead_CHACHA20_POLY1305);
                byte[][] out = hpke.seal(hpke.deserializePublicKey(point), label, new byte[0], fk, null, null, null);
                body = out[0];
                enc = out[1];
            }
            byte[] tag = tag(label, enc);
            return List.of(new Stanza(type, List.of(AgeCrypto.b64(tag), AgeCrypto.b64(enc)), body));
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("tag recipient encryption failed");
        } finally {
            Arrays.fill(fk, (byte) 0);
        }
    }

    /** MLKEM768-P256 (draft-ietf-hpke-pq): both shared secrets bound to the ciphertext and key by SHA3-256. */
    private byte[][] sealHybrid(byte[] label, byte[] fk) throws GeneralSecurityException {
        SecretWithEncapsulation pq = new MLKEMGenerator(random)
                .generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, mlkem));
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(DOMAIN, random));
        AsymmetricCipherKeyPair eph = gen.generateKeyPair();
        ECDHBasicAgreement dh = new ECDHBasicAgreement();
        dh.init(eph.getPrivate());
        ECPublicKeyParameters them = new ECPublicKeyParameters(P256.getCurve().decodePoint(point), DOMAIN);
        byte[] ssT = BigIntegers.asUnsignedByteArray(32, dh.calculateAgreement(them));
        byte[] ctT = ((ECPublicKeyParameters) eph.getPublic()).getQ().getEncoded(false);
        byte[] ssPq = pq.getSecret();
        MessageDigest sha3 = new SHA3.Digest256();
        byte[] shared = sha3.digest(HpkeSchedule.concat(ssPq, ssT, ctT, point,
                "MLKEM768-P256".getBytes(StandardCharsets.US_ASCII)));
        Arrays.fill(ssPq, (byte) 0);
        Arrays.fill(ssT, (byte) 0);
        byte[] body = HpkeSchedule.seal(KEM_MLKEM768_P256, shared, label, fk);
        Arrays.fill(shared, (byte) 0);
        return new byte[][] {HpkeSchedule.concat(pq.getEncapsulation(), ctT), body};
    }

    /** The first 4 bytes of HKDF-Extract(salt = label, enc || SHA-256(tagged key)[:4]). */
    private byte[] tag(byte[] label, byte[] enc) throws GeneralSecurityException {
        byte[] rh = MessageDigest.getInstance("SHA-256").digest(tagKey);
        byte[] prk = HpkeSchedule.extract(label, HpkeSchedule.concat(enc, Arrays.copyOf(rh, 4)));
        return Arrays.copyOf(prk, 4);
    }
}
