package dev.sops4j.core.keys.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * OpenPGP messages through BouncyCastle's lightweight API (no JCA provider is registered). Encryption mirrors sops'
 * go-crypto call: one recipient, binary literal data with no file name and a zero date, no compression, AES-256 in
 * an integrity-protected (MDC) packet. Decryption accepts what gpg writes too (compressed, signed).
 */
final class PgpMessages {
    private static final int MAX_NESTING = 8;

    private PgpMessages() {
    }

    /** The binary (unarmored) message carrying {@code secret} to {@code recipient}. */
    static byte[] encrypt(PGPPublicKey recipient, byte[] secret, SecureRandom random) throws PgpFailure {
        WipingBuffer literal = new WipingBuffer(secret.length + 16);
        try {
            try (OutputStream lit = new PGPLiteralDataGenerator().open(literal, PGPLiteralData.BINARY, "",
                    secret.length, new Date(0))) {
                lit.write(secret);
            }
            PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                    new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                            .setWithIntegrityPacket(true)
                            .setSecureRandom(random));
            generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient).setSecureRandom(random));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream enc = generator.open(out, literal.size())) {
                literal.writeTo(enc);
            }
            return out.toByteArray();
        } catch (IOException | PGPException | RuntimeException e) {
            throw new PgpFailure("BouncyCastle could not encrypt to key " + hexId(recipient.getKeyID()) + ": "
                    + e.getMessage(), e);
        } finally {
            literal.wipe();
        }
    }

    /** The plaintext of {@code message}, decrypted with whichever of {@code rings} it was made for. */
    static byte[] decrypt(byte[] message, List<PGPSecretKeyRing> rings) throws PgpFailure {
        PGPEncryptedDataList list = encryptedDataList(message);
        List<String> problems = new ArrayList<>();
        for (PGPEncryptedData data : list) {
            if (!(data instanceof PGPPublicKeyEncryptedData pk)) {
                continue;
            }
            for (PGPSecretKey secretKey : candidates(pk.getKeyIdentifier(), rings)) {
                PGPPrivateKey privateKey = unlocked(secretKey, problems);
                if (privateKey == null) {
                    continue;
                }
                byte[] plain = tryDecrypt(pk, new PGPKeyPair(secretKey.getPublicKey(), privateKey), problems);
                if (plain != null) {
                    return plain;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PgpFailure(problems.get(0));
        }
        throw new PgpFailure(rings.isEmpty() ? "no secret keys readable without gpg"
                : "none of the secret keys readable without gpg fits the message");
    }

    private static PGPEncryptedDataList encryptedDataList(byte[] message) throws PgpFailure {
        BcPGPObjectFactory factory = new BcPGPObjectFactory(message);
        try {
            Object o = factory.nextObject();
            while (o instanceof PGPMarker) {
                o = factory.nextObject();
            }
            if (o instanceof PGPEncryptedDataList list) {
                return list;
            }
        } catch (IOException | RuntimeException e) {
            throw new PgpFailure("malformed PGP message: " + e.getMessage(), e);
        }
        throw new PgpFailure("not an encrypted PGP message");
    }

    private static List<PGPSecretKey> candidates(KeyIdentifier recipient, List<PGPSecretKeyRing> rings) {
        List<PGPSecretKey> keys = new ArrayList<>();
        for (PGPSecretKeyRing ring : rings) {
            for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
                PGPSecretKey key = it.next();
                // a wildcard recipient (gpg --throw-keyids) means: try every key we hold
                if (recipient.isWildcard() || recipient.getKeyId() == key.getKeyID()) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private static PGPPrivateKey unlocked(PGPSecretKey key, List<String> problems) {
        if (key.isPrivateKeyEmpty()) {
            problems.add("secret key " + hexId(key.getKeyID()) + " has no private part (stub or card key)");
            return null;
        }
        if (key.getS2KUsage() != 0) {
            // no prompting inside a library: gpg and its agent handle passphrases
            problems.add("secret key " + hexId(key.getKeyID()) + " is passphrase-protected");
            return null;
        }
        try {
            return key.extractPrivateKey(null);
        } catch (PGPException | RuntimeException e) {
            problems.add("cannot read secret key " + hexId(key.getKeyID()) + ": " + e.getMessage());
            return null;
        }
    }

    private static byte[] tryDecrypt(PGPPublicKeyEncryptedData pk, PGPKeyPair key, List<String> problems) {
        try (InputStream clear = pk.getDataStream(new BcPublicKeyDataDecryptorFactory(key))) {
            byte[] plain = literalContent(clear);
            if (!pk.isIntegrityProtected()) {
                Arrays.fill(plain, (byte) 0);
                problems.add("message is not integrity protected");
                return null;
            }
            if (!pk.verify()) {
                Arrays.fill(plain, (byte) 0);
                problems.add("message integrity check failed");
                return null;
            }
            return plain;
        } catch (IOException | PGPException | RuntimeException e) {
            problems.add("decryption with key " + hexId(key.getKeyID()) + " failed: " + e.getMessage());
            return null;
        }
    }

    private static byte[] literalContent(InputStream clear) throws IOException, PGPException {
        BcPGPObjectFactory factory = new BcPGPObjectFactory(clear);
        for (int depth = 0; depth < MAX_NESTING; ) {
            Object o = factory.nextObject();
            if (o == null) {
                break;
            }
            if (o instanceof PGPLiteralData literal) {
                return literal.getInputStream().readAllBytes();
            }
            if (o instanceof PGPCompressedData compressed) {
                factory = new BcPGPObjectFactory(compressed.getDataStream());
                depth++;
            }
            // one-pass signatures and signatures around the literal data are skipped: sops never signs
        }
        throw new PGPException("no literal data in the message");
    }

    static String hexId(long keyId) {
        return String.format("%016X", keyId);
    }

    /** Holds the literal packet (which contains the secret) so that it can be wiped, not left to the GC. */
    private static final class WipingBuffer extends ByteArrayOutputStream {
        WipingBuffer(int size) {
            super(size);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
