package dev.sops4j.core.engine;

import dev.sops4j.core.cipher.MacDigests;
import dev.sops4j.core.cipher.PlainText;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
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

    /** A value this large has its MAC hashed by libcrypto when that is loading (see {@link MacDigests}). */
    private static final int LARGE = 1 << 20;

    private MessageDigest digest;
    private final boolean onlyEncrypted;
    private List<Scalar> deferred = new ArrayList<>();
    private boolean deferring;
    private RuntimeException deferredFailure;

    Mac(boolean onlyEncrypted) {
        this.onlyEncrypted = onlyEncrypted;
    }

    /** The digest, chosen when the first value is hashed: a large first value waits for libcrypto if it is loading. */
    private MessageDigest digest(Scalar first) {
        if (digest == null) {
            boolean large = first instanceof BytesValue b && b.length() >= LARGE
                    || first instanceof StrValue s && s.value().length() >= LARGE;
            digest = MacDigests.sha512(large);
            if (onlyEncrypted) {
                digest.update(MAC_ONLY_ENCRYPTED_SEED);
            }
        }
        return digest;
    }

    /** Adds a value in walk order; a no-op once the values are hashed by {@link #deferredHashing()}. */
    void add(Scalar plainValue, boolean covered) {
        if (!deferring && (!onlyEncrypted || covered)) {
            PlainText.updateMac(digest(plainValue), plainValue);
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
                    PlainText.updateMac(digest(v), v);
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
        return HexFormat.of().withUpperCase().formatHex(digest(null).digest());
    }
}
