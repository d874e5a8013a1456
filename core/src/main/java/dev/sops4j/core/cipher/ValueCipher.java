package dev.sops4j.core.cipher;

import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.tree.Scalar;
import java.util.function.Supplier;

/**
 * Encrypts one scalar to sops' {@code ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]} string and back.
 * {@code aad} is the tree path string ({@code a:b:}). Implementations remember the IV of every value they
 * decrypt and reuse it when the same (aad, value) is encrypted again, so unchanged values keep their ciphertext.
 */
public interface ValueCipher {

    String encrypt(Scalar value, SecretBytes dataKey, String aad);

    /** Encrypts a comment's text ({@code type:comment}). */
    String encryptComment(String text, SecretBytes dataKey, String aad);

    Scalar decrypt(String encrypted, SecretBytes dataKey, String aad);

    /**
     * Splits {@link #encrypt} in two: what depends on order (the IV) happens now, on the calling thread, and the
     * returned supplier does the rest on any thread. By default everything happens now.
     */
    default Supplier<String> encryptLater(Scalar value, SecretBytes dataKey, String aad) {
        return Later.now(() -> encrypt(value, dataKey, aad));
    }

    /** {@link #encryptComment} split like {@link #encryptLater}. */
    default Supplier<String> encryptCommentLater(String text, SecretBytes dataKey, String aad) {
        return Later.now(() -> encryptComment(text, dataKey, aad));
    }

    /**
     * Says that many values, or large ones, follow (a file walked on every core): an implementation may get faster
     * machinery ready. By default nothing happens.
     */
    default void bulk() {
    }

    /** Decrypts a {@code type:comment} value. */
    String decryptComment(String encrypted, SecretBytes dataKey, String aad);
}
