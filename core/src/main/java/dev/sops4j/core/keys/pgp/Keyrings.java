package dev.sops4j.core.keys.pgp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * Parses key material into BouncyCastle rings. Like sops' go-crypto keyring reader, a key BouncyCastle cannot parse
 * ends the scan of that stream but keeps the rings read before it, so one exotic key does not hide the others.
 */
final class Keyrings {
    private Keyrings() {
    }

    /** Public rings of a binary stream of transferable keys ({@code pubring.gpg}, a keybox keyblock). */
    static List<PGPPublicKeyRing> publicRings(byte[] binary) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (Object o : objects(binary)) {
            if (o instanceof PGPPublicKeyRing ring) {
                rings.add(ring);
            }
        }
        return rings;
    }

    /** Secret rings of a binary stream ({@code secring.gpg}); public rings in it are ignored. */
    static List<PGPSecretKeyRing> secretRings(byte[] binary) {
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        for (Object o : objects(binary)) {
            if (o instanceof PGPSecretKeyRing ring) {
                rings.add(ring);
            }
        }
        return rings;
    }

    /** Secret rings of a key file that is either armored (possibly several blocks) or binary. */
    static List<PGPSecretKeyRing> secretRingsOfFile(byte[] content) throws IOException {
        if (!looksArmored(content)) {
            return secretRings(content);
        }
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        for (byte[] block : PgpArmor.decodeAll(new String(content, StandardCharsets.UTF_8))) {
            rings.addAll(secretRings(block));
        }
        return rings;
    }

    /** One keybox keyblock: a single transferable public key. */
    static PGPPublicKeyRing publicRingOfKeyblock(byte[] keyblock) throws IOException {
        try {
            return new PGPPublicKeyRing(keyblock, new BcKeyFingerprintCalculator());
        } catch (RuntimeException e) {
            // BouncyCastle reports some malformed packets as unchecked exceptions
            throw new IOException("unreadable keyblock: " + e.getMessage(), e);
        }
    }

    private static List<Object> objects(byte[] binary) {
        List<Object> out = new ArrayList<>();
        BcPGPObjectFactory factory = new BcPGPObjectFactory(binary);
        while (true) {
            Object o;
            try {
                o = factory.nextObject();
            } catch (IOException | RuntimeException e) {
                return out;
            }
            if (o == null) {
                return out;
            }
            out.add(o);
        }
    }

    private static boolean looksArmored(byte[] content) {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        return content.length - i >= 5 && content[i] == '-' && content[i + 1] == '-' && content[i + 2] == '-';
    }
}
