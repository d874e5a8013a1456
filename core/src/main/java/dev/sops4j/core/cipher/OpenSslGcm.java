package dev.sops4j.core.cipher;

import dev.sops4j.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * {@link Gcm} on libcrypto ({@link OpenSsl}): one {@code EVP_CIPHER_CTX} per instance, set up once for AES-256-GCM
 * with sops' 32-byte IVs and keyed on every call (as {@link JceGcm}, so a wiped key fails the same way). The
 * context is freed, and its key schedule wiped by {@code EVP_CIPHER_CTX_free}, when the instance becomes
 * unreachable. Anything unusual (an IV that is not 32 bytes, a key that is not 32 bytes) goes to JCE.
 */
final class OpenSslGcm implements Gcm {
    private static final int IV_BYTES = 32;
    private static final int KEY_BYTES = 32;
    private static final int TAG_BYTES = 16;
    private static final int ENCRYPT = 1;
    private static final int DECRYPT = 0;

    private final OpenSsl.Bindings b;
    private final long ctx;
    private final int[] written = new int[1];
    private final byte[] tag = new byte[TAG_BYTES];
    private final byte[] scratch = new byte[TAG_BYTES];
    private JceGcm fallback;

    OpenSslGcm(OpenSsl.Bindings b) throws GeneralSecurityException {
        this.b = b;
        long c;
        try {
            c = (long) b.ctxNew().invokeExact();
        } catch (Throwable e) {
            throw failed("EVP_CIPHER_CTX_new", e);
        }
        if (c == 0) {
            throw new GeneralSecurityException("libcrypto: EVP_CIPHER_CTX_new failed");
        }
        this.ctx = c;
        OpenSsl.cleaner().register(this, new Free(b, c));
        try {
            // The cipher, with a zero key and (default 12-byte) IV that every call replaces, then sops' IV length.
            check("EVP_CipherInit_ex", (int) b.init().invokeExact(c, b.aes256Gcm(), 0L, new byte[KEY_BYTES],
                    new byte[IV_BYTES], ENCRYPT));
            check("EVP_CTRL_GCM_SET_IVLEN",
                    (int) b.ctrl().invokeExact(c, OpenSsl.CTRL_GCM_SET_IVLEN, IV_BYTES, scratch));
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Throwable e) {
            throw failed("EVP_CipherInit_ex", e);
        }
    }

    /** Frees a context; holds no reference to its {@link OpenSslGcm}. */
    private record Free(OpenSsl.Bindings b, long ctx) implements Runnable {
        @Override
        public void run() {
            try {
                b.ctxFree().invokeExact(ctx);
            } catch (Throwable ignored) {
                // Nothing to do at clean-up time.
            }
        }
    }

    @Override
    public byte[] seal(SecretBytes key, byte[] iv, byte[] aad, byte[] plain) throws GeneralSecurityException {
        if (iv.length != IV_BYTES || key.length() != KEY_BYTES) {
            return jce().seal(key, iv, aad, plain);
        }
        byte[] out = new byte[plain.length + TAG_BYTES];
        try {
            start(key, iv, aad, ENCRYPT);
            check("EVP_CipherUpdate", (int) b.update().invokeExact(ctx, out, written, plain, plain.length));
            checkWritten(plain.length);
            check("EVP_CipherFinal_ex", (int) b.finish().invokeExact(ctx, scratch, written));
            check("EVP_CTRL_GCM_GET_TAG",
                    (int) b.ctrl().invokeExact(ctx, OpenSsl.CTRL_GCM_GET_TAG, TAG_BYTES, tag));
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Throwable e) {
            throw failed("seal", e);
        }
        System.arraycopy(tag, 0, out, plain.length, TAG_BYTES);
        return out;
    }

    @Override
    public byte[] open(SecretBytes key, byte[] iv, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        if (iv.length != IV_BYTES || key.length() != KEY_BYTES) {
            return jce().open(key, iv, aad, sealed);
        }
        int n = sealed.length - TAG_BYTES;
        byte[] out = new byte[n];
        int authentic;
        try {
            start(key, iv, aad, DECRYPT);
            check("EVP_CipherUpdate", (int) b.update().invokeExact(ctx, out, written, sealed, n));
            checkWritten(n);
            System.arraycopy(sealed, n, tag, 0, TAG_BYTES);
            check("EVP_CTRL_GCM_SET_TAG",
                    (int) b.ctrl().invokeExact(ctx, OpenSsl.CTRL_GCM_SET_TAG, TAG_BYTES, tag));
            authentic = (int) b.finish().invokeExact(ctx, scratch, written);
        } catch (GeneralSecurityException e) {
            Arrays.fill(out, (byte) 0);
            throw e;
        } catch (Throwable e) {
            Arrays.fill(out, (byte) 0);
            throw failed("open", e);
        }
        if (authentic <= 0) {
            Arrays.fill(out, (byte) 0);
            throw new AEADBadTagException("Tag mismatch");
        }
        return out;
    }

    private void start(SecretBytes key, byte[] iv, byte[] aad, int direction) throws Throwable {
        byte[] k = key.copy();
        try {
            check("EVP_CipherInit_ex", (int) b.init().invokeExact(ctx, 0L, 0L, k, iv, direction));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        if (aad.length > 0) {
            check("EVP_CipherUpdate", (int) b.aad().invokeExact(ctx, 0L, written, aad, aad.length));
        }
    }

    private JceGcm jce() throws GeneralSecurityException {
        if (fallback == null) {
            fallback = new JceGcm();
        }
        return fallback;
    }

    private static void check(String call, int result) throws GeneralSecurityException {
        if (result != 1) {
            throw new GeneralSecurityException("libcrypto: " + call + " failed");
        }
    }

    private void checkWritten(int expected) throws GeneralSecurityException {
        if (written[0] != expected) {
            throw new GeneralSecurityException("libcrypto: EVP_CipherUpdate wrote " + written[0] + " bytes");
        }
    }

    private static GeneralSecurityException failed(String call, Throwable e) {
        return new GeneralSecurityException("libcrypto: " + call + ": " + e.getClass().getSimpleName(), e);
    }

    /**
     * Before first use: libcrypto must give JCE's bytes for sops' shapes (32-byte IV, with and without AAD, empty to
     * multi-block values, two keys, both directions) and refuse a changed tag.
     */
    static boolean selfCheck(OpenSsl.Bindings b) throws GeneralSecurityException {
        OpenSslGcm ours = new OpenSslGcm(b);
        JceGcm jdk = new JceGcm();
        byte[] iv = new byte[IV_BYTES];
        for (int round = 0; round < 2; round++) {
            byte[] k = new byte[KEY_BYTES];
            for (int i = 0; i < k.length; i++) {
                k[i] = (byte) (31 * i + 7 * round + 1);
                iv[i] = (byte) (i * 13 + round);
            }
            try (SecretBytes key = SecretBytes.wrap(k)) {
                for (int length : new int[] {0, 1, 15, 16, 17, 100, 4099}) {
                    byte[] plain = new byte[length];
                    for (int i = 0; i < length; i++) {
                        plain[i] = (byte) (i * 7 + length);
                    }
                    byte[] aad = length % 2 == 0 ? new byte[0] : ("k" + length + ":").getBytes(StandardCharsets.US_ASCII);
                    byte[] sealed = ours.seal(key, iv, aad, plain);
                    if (!Arrays.equals(sealed, jdk.seal(key, iv, aad, plain))
                            || !Arrays.equals(ours.open(key, iv, aad, sealed), plain)) {
                        return false;
                    }
                    sealed[sealed.length - 1] ^= 1;
                    try {
                        ours.open(key, iv, aad, sealed);
                        return false;
                    } catch (AEADBadTagException expected) {
                        // refused, as it must be
                    }
                }
            }
        }
        return true;
    }
}
