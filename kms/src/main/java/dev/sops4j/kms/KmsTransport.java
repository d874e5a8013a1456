package dev.sops4j.kms;

import dev.sops4j.core.keys.KmsKeyRef;

/**
 * One KMS round trip per call. Kept free of AWS types so that {@link KmsKeySource} can be built, and files without
 * KMS keys processed, without loading the SDK; the SDK-backed implementation is created on first use.
 */
interface KmsTransport extends AutoCloseable {

    /** KMS Encrypt of {@code plaintext} under {@code ref.arn()} with {@code ref.context()}; the ciphertext blob. */
    byte[] encrypt(KmsKeyRef ref, byte[] plaintext);

    /** KMS Decrypt of {@code ciphertext} with {@code ref.context()}; the caller wipes the returned plaintext. */
    byte[] decrypt(KmsKeyRef ref, byte[] ciphertext);

    @Override
    void close();

    /** A failed call; the message is the one-line cause (error code and service message), without the key. */
    final class CallFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallFailure(String cause, Throwable source) {
            super(cause, source);
        }
    }
}
