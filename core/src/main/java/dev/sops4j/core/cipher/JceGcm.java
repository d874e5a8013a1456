package dev.sops4j.core.cipher;

import dev.sops4j.core.secret.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link Gcm} on the JDK's {@code AES/GCM/NoPadding}. One {@link Cipher} re-used: {@code Cipher.getInstance} costs
 * more than sealing a short value, and a re-used Cipher skips the AES key schedule when the key is unchanged.
 */
final class JceGcm implements Gcm {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;

    private Cipher cipher;

    JceGcm() throws GeneralSecurityException {
        cipher = Cipher.getInstance(TRANSFORMATION);
    }

    @Override
    public byte[] seal(SecretBytes key, byte[] iv, byte[] aad, byte[] plain) throws GeneralSecurityException {
        byte[] k = key.copy();
        try {
            SecretKeySpec spec = new SecretKeySpec(k, "AES");
            GCMParameterSpec params = new GCMParameterSpec(TAG_BITS, iv);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, spec, params);
            } catch (InvalidAlgorithmParameterException e) {
                // The JDK refuses the key and IV of this Cipher's previous encryption (a stashed IV sealing the
                // same value twice in a row); a fresh Cipher has no memory of it.
                cipher = Cipher.getInstance(TRANSFORMATION);
                cipher.init(Cipher.ENCRYPT_MODE, spec, params);
            }
            cipher.updateAAD(aad);
            return cipher.doFinal(plain);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public byte[] open(SecretBytes key, byte[] iv, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        byte[] k = key.copy();
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }
}
