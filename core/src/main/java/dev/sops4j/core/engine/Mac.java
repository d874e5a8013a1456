package dev.sops4j.core.engine;

import dev.sops4j.core.cipher.PlainText;
import dev.sops4j.core.tree.Scalar;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * sops' MAC: SHA-512 over the plaintext bytes of every value in walk order (no keys, no separators), upper-case
 * hex. With {@code mac_only_encrypted} the hash is seeded with SHA-256("sops") and only covered values count.
 */
final class Mac {
    private static final byte[] MAC_ONLY_ENCRYPTED_SEED = HexFormat.of()
            .parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

    private final MessageDigest digest;
    private final boolean onlyEncrypted;
    private List<Scalar> deferred = new ArrayList<>();
    private boolean deferredDone;

    Mac(boolean onlyEncrypted) {
        try {
            this.digest = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
        this.onlyEncrypted = onlyEncrypted;
        seed();
    }

    private void seed() {
        digest.reset();
        if (onlyEncrypted) {
            digest.update(MAC_ONLY_ENCRYPTED_SEED);
        }
    }

    /** Adds a value in walk order; a no-op once {@link #addDeferred()} has hashed every value. */
    void add(Scalar plainValue, boolean covered) {
        if (!deferredDone && (!onlyEncrypted || covered)) {
            digest.update(PlainText.macBytes(plainValue));
        }
    }

    /**
     * Notes a value (in walk order) to hash later with {@link #addDeferred()}, which may run on another thread
     * while the values are being encrypted (the plaintexts are known before encryption).
     */
    void defer(Scalar plainValue, boolean covered) {
        if (!onlyEncrypted || covered) {
            deferred.add(plainValue);
        }
    }

    /**
     * Hashes the deferred values. Should one of them fail to hash, the digest starts over and the values are
     * added again one by one by {@link #add}, so the error is thrown where the value stands in the walk.
     */
    void addDeferred() {
        try {
            for (Scalar v : deferred) {
                digest.update(PlainText.macBytes(v));
            }
            deferredDone = true;
        } catch (RuntimeException e) {
            seed();
        }
        deferred = null;
    }

    String hex() {
        return HexFormat.of().withUpperCase().formatHex(digest.digest());
    }
}
