package dev.sops4j.core.keys.age;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 9180's base-mode key schedule with HKDF-SHA256 and ChaCha20-Poly1305, for a KEM BouncyCastle's HPKE class does
 * not offer (MLKEM768-P256). The KEM itself is composed from library primitives by the caller; only the single-shot
 * seal (sequence number 0, empty AAD) that age uses is provided.
 */
final class HpkeSchedule {
    private static final int KDF_HKDF_SHA256 = 0x0001;
    private static final int AEAD_CHACHA20_POLY1305 = 0x0003;
    private static final byte[] VERSION = "HPKE-v1".getBytes(StandardCharsets.US_ASCII);

    private HpkeSchedule() {
    }

    /** Encrypts {@code plaintext} under the context derived from {@code sharedSecret} (from KEM {@code kemId}). */
    static byte[] seal(int kemId, byte[] sharedSecret, byte[] info, byte[] plaintext) throws GeneralSecurityException {
        byte[] suite = {'H', 'P', 'K', 'E', (byte) (kemId >> 8), (byte) kemId, 0, KDF_HKDF_SHA256, 0,
            AEAD_CHACHA20_POLY1305};
        byte[] pskIdHash = labeledExtract(suite, new byte[0], "psk_id_hash", new byte[0]);
        byte[] infoHash = labeledExtract(suite, new byte[0], "info_hash", info);
        byte[] context = new byte[1 + pskIdHash.length + infoHash.length];
        System.arraycopy(pskIdHash, 0, context, 1, pskIdHash.length);
        System.arraycopy(infoHash, 0, context, 1 + pskIdHash.length, infoHash.length);
        byte[] secret = labeledExtract(suite, sharedSecret, "secret", new byte[0]);
        byte[] key = labeledExpand(suite, secret, "key", context, 32);
        byte[] nonce = labeledExpand(suite, secret, "base_nonce", context, 12);
        Arrays.fill(secret, (byte) 0);
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        Arrays.fill(key, (byte) 0);
        return c.doFinal(plaintext);
    }

    /** HKDF-Extract (RFC 5869) with SHA-256: HMAC keyed by the salt (all zeroes when empty). */
    static byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        return mac.doFinal(ikm);
    }

    private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm)
            throws GeneralSecurityException {
        return extract(salt, concat(VERSION, suite, label.getBytes(StandardCharsets.US_ASCII), ikm));
    }

    private static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length)
            throws GeneralSecurityException {
        byte[] labeledInfo = concat(new byte[] {(byte) (length >> 8), (byte) length}, VERSION, suite,
                label.getBytes(StandardCharsets.US_ASCII), info);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        // one HKDF-Expand block is enough: every output here is at most 32 bytes
        mac.update(labeledInfo);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
