package dev.sops4j.nexus.kek;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.RegistryConfiguration;
import dev.sops4j.core.error.KeySourceException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * One logical key's key-encryption keyset, ready to wrap and unwrap data keys. Wrapping uses the primary key
 * version and binds the logical key name as associated data, so a wrapped key copied under another name does not
 * unwrap. Tink prefixes every ciphertext with the id of the key version that made it; unwrapping uses that id to
 * pick the version, and the same id explains failures (disabled or destroyed version).
 */
public final class Kek {
    private static final byte TINK_PREFIX = 0x01;

    private final String name;
    private final KeysetDocument doc;
    private final Aead aead;

    public Kek(String name, KeysetDocument doc) {
        this.name = name;
        this.doc = doc;
        try {
            this.aead = doc.handle().getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("nexus key " + name + ": keyset has no usable primary key version");
        }
    }

    public byte[] wrap(byte[] dataKey) {
        try {
            return aead.encrypt(dataKey, ad());
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("nexus key " + name + ": wrapping failed: " + e.getMessage());
        }
    }

    public byte[] unwrap(byte[] wrapped) {
        try {
            return aead.decrypt(wrapped, ad());
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("nexus key " + name + ": " + explain(wrapped));
        }
    }

    private String explain(byte[] wrapped) {
        if (wrapped.length < 5 || wrapped[0] != TINK_PREFIX) {
            return "wrapped data key is not a Tink ciphertext";
        }
        long id = ((wrapped[1] & 0xFFL) << 24) | ((wrapped[2] & 0xFFL) << 16) | ((wrapped[3] & 0xFFL) << 8)
                | (wrapped[4] & 0xFFL);
        KeyStatus status = doc.status(id);
        if (status == null) {
            return doc.destroyed().contains(id)
                    ? "key version " + id + " was destroyed; the data key cannot be recovered with this key"
                    : "key version " + id + " is not in the keyset (destroyed, or wrapped for another key)";
        }
        if (status == KeyStatus.DISABLED) {
            return "key version " + id + " is disabled; re-enable it or decrypt with another master key";
        }
        return "key version " + id + " does not decrypt the data key (tampered, or wrapped under another key name)";
    }

    private byte[] ad() {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
