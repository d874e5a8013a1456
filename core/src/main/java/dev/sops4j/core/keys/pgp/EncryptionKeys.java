package dev.sops4j.core.keys.pgp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Chooses the key a message to a certificate is encrypted to, the way OpenPGP implementations (go-crypto included)
 * do: the newest subkey that is encryption-capable, flagged for encryption, neither revoked nor expired, and bound to
 * the primary key by a signature that verifies; else the primary key itself if it qualifies.
 */
final class EncryptionKeys {
    private static final int ENCRYPT_FLAGS = KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE;

    private EncryptionKeys() {
    }

    static Optional<PGPPublicKey> select(PGPPublicKeyRing ring, Instant now) {
        PGPPublicKey primary = ring.getPublicKey();
        if (primary.hasRevocation() || expired(primary, now)) {
            return Optional.empty();
        }
        PGPPublicKey best = null;
        for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
            PGPPublicKey key = it.next();
            if (key.isMasterKey() || !usable(key, now) || !boundForEncryption(primary, key)) {
                continue;
            }
            if (best == null || !key.getCreationTime().before(best.getCreationTime())) {
                best = key;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        return usable(primary, now) && flagsAllowEncryption(selfSignatures(primary)) ? Optional.of(primary)
                : Optional.empty();
    }

    private static boolean usable(PGPPublicKey key, Instant now) {
        return key.isEncryptionKey() && !key.hasRevocation() && !expired(key, now);
    }

    private static boolean expired(PGPPublicKey key, Instant now) {
        long valid = key.getValidSeconds();
        return valid > 0 && key.getCreationTime().toInstant().plusSeconds(valid).isBefore(now);
    }

    private static boolean boundForEncryption(PGPPublicKey primary, PGPPublicKey subkey) {
        List<PGPSignature> good = new ArrayList<>();
        for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); it.hasNext(); ) {
            PGPSignature sig = it.next();
            if (verifies(sig, primary, subkey)) {
                good.add(sig);
            }
        }
        return !good.isEmpty() && flagsAllowEncryption(good);
    }

    private static boolean verifies(PGPSignature sig, PGPPublicKey primary, PGPPublicKey subkey) {
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), primary);
            return sig.verifyCertification(primary, subkey);
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    private static List<PGPSignature> selfSignatures(PGPPublicKey primary) {
        List<PGPSignature> sigs = new ArrayList<>();
        for (Iterator<PGPSignature> it = primary.getSignatures(); it.hasNext(); ) {
            PGPSignature sig = it.next();
            if (sig.getKeyID() == primary.getKeyID()) {
                sigs.add(sig);
            }
        }
        return sigs;
    }

    /** Keys whose signatures carry no key-flags subpacket predate flags and may encrypt if their algorithm can. */
    private static boolean flagsAllowEncryption(List<PGPSignature> sigs) {
        boolean sawFlags = false;
        for (PGPSignature sig : sigs) {
            PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
            if (hashed == null || !hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS)) {
                continue;
            }
            sawFlags = true;
            if ((hashed.getKeyFlags() & ENCRYPT_FLAGS) != 0) {
                return true;
            }
        }
        return !sawFlags;
    }
}
