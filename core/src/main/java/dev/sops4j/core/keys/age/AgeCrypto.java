package dev.sops4j.core.keys.age;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** The primitives the age stanzas are built from (age v1 spec), in one place so each stanza reads like the spec. */
final class AgeCrypto {
    static final int FILE_KEY_LENGTH = 16;
    /** A wrapped file key: 16 bytes plus the 16-byte Poly1305 tag. */
    static final int WRAPPED_FILE_KEY_LENGTH = 32;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private AgeCrypto() {
    }

    static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        gen.generateBytes(out, 0, out.length);
        return out;
    }

    /** ChaCha20-Poly1305 with the all-zero nonce: safe in age because every wrap key is used exactly once. */
    static byte[] seal(byte[] key, byte[] plaintext) throws GeneralSecurityException {
        return aead(Cipher.ENCRYPT_MODE, key, plaintext);
    }

    static byte[] open(byte[] key, byte[] ciphertext) throws GeneralSecurityException {
        return aead(Cipher.DECRYPT_MODE, key, ciphertext);
    }

    private static byte[] aead(int mode, byte[] key, byte[] input) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
        try {
            return c.doFinal(input);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    static byte[] x25519(byte[] scalar, byte[] point) throws GeneralSecurityException {
        byte[] out = new byte[32];
        if (!X25519.calculateAgreement(scalar, 0, point, 0, out, 0)) {
            throw new GeneralSecurityException("X25519 shared secret is all zeroes");
        }
        return out;
    }

    static byte[] x25519Base(byte[] scalar) {
        byte[] out = new byte[32];
        X25519.scalarMultBase(scalar, 0, out, 0);
        return out;
    }

    static String b64(byte[] data) {
        return B64.encodeToString(data);
    }

    /** Decodes unpadded base64, rejecting non-canonical encodings as the age spec requires. */
    static byte[] unb64(String text, int expectedLength) throws GeneralSecurityException {
        byte[] out;
        try {
            out = B64D.decode(text);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("invalid base64 in age stanza");
        }
        if (text.endsWith("=") || !B64.encodeToString(out).equals(text)) {
            throw new GeneralSecurityException("non-canonical base64 in age stanza");
        }
        if (expectedLength >= 0 && out.length != expectedLength) {
            throw new GeneralSecurityException("age stanza argument has the wrong length");
        }
        return out;
    }

    /** UTF-8 bytes of a passphrase; wipes {@code pass} and every intermediate copy. */
    static byte[] utf8(char[] pass) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pass));
        Arrays.fill(pass, '\0');
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
