package dev.sops4j.core.keys.age;

import java.security.GeneralSecurityException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * HPKE (RFC 9180, base mode) with the MLKEM768-X25519 hybrid KEM of draft-ietf-hpke-pq (X-Wing, KEM id 0x647a),
 * HKDF-SHA256 and ChaCha20-Poly1305: the suite age's {@code mlkem768x25519} stanza uses. BouncyCastle does the work.
 */
final class HybridKem {
    static final int SEED_LENGTH = 32;
    static final int PUBLIC_KEY_LENGTH = 1216;
    static final int ENC_LENGTH = 1120;

    private HybridKem() {
    }

    private static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X_WING, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
    }

    /** The 1216-byte public key (ML-KEM-768 encapsulation key then X25519 point) of a 32-byte seed. */
    static byte[] publicKey(byte[] seed) {
        HPKE hpke = suite();
        return hpke.serializePublicKey(hpke.deserializePrivateKey(seed, null).getPublic());
    }

    /** Seals {@code plaintext} to {@code publicKey}; returns {enc, ciphertext}. */
    static byte[][] seal(byte[] publicKey, byte[] info, byte[] plaintext) throws GeneralSecurityException {
        HPKE hpke = suite();
        try {
            byte[][] out = hpke.seal(hpke.deserializePublicKey(publicKey), info, new byte[0], plaintext, null, null,
                    null);
            return new byte[][] {out[1], out[0]};
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("MLKEM768-X25519 encapsulation failed");
        }
    }

    /** Opens a single-shot HPKE message; {@code null} when the key does not fit (ML-KEM rejects implicitly). */
    static byte[] open(byte[] seed, byte[] enc, byte[] info, byte[] ciphertext) throws GeneralSecurityException {
        HPKE hpke = suite();
        AsymmetricCipherKeyPair pair;
        try {
            pair = hpke.deserializePrivateKey(seed, null);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("invalid MLKEM768-X25519 secret key");
        }
        try {
            return hpke.open(enc, pair, info, new byte[0], ciphertext, null, null, null);
        } catch (InvalidCipherTextException e) {
            return null;
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("invalid mlkem768x25519 recipient stanza");
        }
    }

    /** Whether {@code publicKey} is a well-formed hybrid public key (BouncyCastle checks the ML-KEM part). */
    static void check(byte[] publicKey) throws GeneralSecurityException {
        if (publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new GeneralSecurityException("invalid MLKEM768-X25519 public key length");
        }
        try {
            suite().deserializePublicKey(publicKey);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("invalid MLKEM768-X25519 public key");
        }
    }
}
