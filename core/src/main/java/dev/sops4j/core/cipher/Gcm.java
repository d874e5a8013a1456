package dev.sops4j.core.cipher;

import dev.sops4j.core.secret.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM with a 128-bit tag over whole arrays: the primitive under {@link AesGcmValueCipher}. One thread at a
 * time per instance. {@link JceGcm} runs it with the JDK's provider; {@link OpenSslGcm} with libcrypto, for files
 * with many or large values. Both give the same bytes (GCM is deterministic).
 */
interface Gcm {

    /** The ciphertext followed by the 16-byte tag. */
    byte[] seal(SecretBytes key, byte[] iv, byte[] aad, byte[] plain) throws GeneralSecurityException;

    /**
     * The plaintext of {@code sealed} (ciphertext followed by the 16-byte tag, at least 16 bytes long).
     *
     * @throws javax.crypto.AEADBadTagException when the tag does not match
     */
    byte[] open(SecretBytes key, byte[] iv, byte[] aad, byte[] sealed) throws GeneralSecurityException;
}
