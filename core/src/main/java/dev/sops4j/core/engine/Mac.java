package dev.sops4j.core.engine;

import dev.sops4j.core.cipher.MacDigests;
import dev.sops4j.core.cipher.PlainText;
import dev.sops4j.core.tree.Scalar;
import java.security.MessageDigest;
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
    private boolean deferring;
    private RuntimeException deferredFailure;

    Mac(boolean onlyEncrypted) {
        this.digest = MacDigests.sha512();
        this.onlyEncrypted = onlyEncrypted;
        if (onlyEncrypted) {
            digest.update(MAC_ONLY_ENCRYPTED_SEED);
        }
    }

    /** Adds a value in walk order; a no-op once the values are hashed by {@link #deferredHashing()}. */
    void add(Scalar plainValue, boolean covered) {
        if (!deferring && (!onlyEncrypted || covered)) {
            PlainText.updateMac(digest, plainValue);
        }
    }

    /** Notes a value, in walk order, for {@link #deferredHashing()}. */
    void defer(Scalar plainValue, boolean covered) {
        if (!onlyEncrypted || covered) {
            deferred.add(plainValue);
        }
    }

    /**
     * The hashing of the {@linkplain #defer deferred} values, to run on one other thread while the values are
     * encrypted (encryption needs no MAC, and the plaintexts are known before it); from now on {@link #add} does
     * nothing. Read {@link #hex()} only after that thread is joined.
     */
    Runnable deferredHashing() {
        deferring = true;
        return () -> {
            try {
                for (Scalar v : deferred) {
                    PlainText.updateMac(digest, v);
                }
            } catch (RuntimeException e) {
                // Encrypting the same value fails the same way (both go through PlainText.of), in walk order.
                deferredFailure = e;
            }
            deferred = null;
        };
    }

    String hex() {
        if (deferredFailure != null) {
            throw deferredFailure;
        }
        return HexFormat.of().withUpperCase().formatHex(digest.digest());
    }
}
