package dev.sops4j.core.secret;

import java.util.Arrays;
import java.util.Objects;

/**
 * Key material (a data key or a Shamir share). Wiped on {@link #close()}, never printed: {@link #toString()} says
 * {@code SecretBytes[redacted]}. Bytes leave only through {@link #copy()}, whose callers must wipe the copy.
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] bytes;
    private volatile boolean closed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of {@code bytes} (no copy): the caller must not use the array afterwards. */
    public static SecretBytes wrap(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes"));
    }

    /** Copies {@code bytes}; the caller keeps and should wipe its array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the secret; wipe it with {@code Arrays.fill(copy, (byte) 0)} when done. */
    public byte[] copy() {
        if (closed) {
            throw new IllegalStateException("secret already wiped");
        }
        return bytes.clone();
    }

    /**
     * The secret encoded with {@code encoder} (for key services that take the data key as base64 text); the
     * intermediate copy is wiped.
     */
    public String encode(java.util.Base64.Encoder encoder) {
        byte[] plain = copy();
        try {
            return encoder.encodeToString(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Constant-time comparison. */
    public boolean sameAs(SecretBytes other) {
        return java.security.MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted]";
    }
}
