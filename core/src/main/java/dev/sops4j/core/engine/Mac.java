package dev.sops4j.core.engine;

import dev.sops4j.core.cipher.PlainText;
import dev.sops4j.core.tree.Scalar;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * sops' MAC: SHA-512 over the plaintext bytes of every value in walk order (no keys, no separators), upper-case
 * hex. With {@code mac_only_encrypted} the hash is seeded with SHA-256("sops") and only covered values count.
 */
final class Mac {
    private static final byte[] MAC_ONLY_ENCRYPTED_SEED = HexFormat.of()
            .parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

    private final MessageDigest digest;
    private final boolean onlyEncrypted;

    Mac(boolean onlyEncrypted) {
        try {
            this.digest = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
        this.onlyEncrypted = onlyEncrypted;
        if (onlyEncrypted) {
            digest.update(MAC_ONLY_ENCRYPTED_SEED);
        }
    }

    void add(Scalar plainValue, boolean covered) {
        if (!onlyEncrypted || covered) {
            digest.update(PlainText.macBytes(plainValue));
        }
    }

    String hex() {
        return HexFormat.of().withUpperCase().formatHex(digest.digest());
    }
}
