package dev.sops4j.core.keys;

import dev.sops4j.core.tree.Mapping;
import java.util.Objects;

/**
 * A HuaweiCloud KMS key ({@code hckms}): {@code key_id} is {@code <region>:<key uuid>}; {@code enc} is the
 * {@code cipher_text} HuaweiCloud KMS returns.
 */
public record HckmsKeyRef(String keyId, String createdAt, String enc) implements KeyRef {
    public HckmsKeyRef {
        Objects.requireNonNull(keyId, "keyId");
        createdAt = createdAt == null ? "" : createdAt;
        enc = enc == null ? "" : enc;
    }

    @Override
    public String type() {
        return "hckms";
    }

    @Override
    public HckmsKeyRef withEnc(String newEnc) {
        return new HckmsKeyRef(keyId, createdAt, newEnc);
    }

    /** A copy stamped with the creation time when it has none yet. */
    public HckmsKeyRef created(String now) {
        return createdAt.isEmpty() ? new HckmsKeyRef(keyId, now, enc) : this;
    }

    /** The region part of {@code key_id}, or {@code ""} when it has no colon. */
    public String region() {
        int c = keyId.indexOf(':');
        return c < 0 ? "" : keyId.substring(0, c).trim();
    }

    /** The key UUID part of {@code key_id}. */
    public String keyUuid() {
        int c = keyId.indexOf(':');
        return c < 0 ? keyId : keyId.substring(c + 1).trim();
    }

    @Override
    public String describe() {
        return keyId;
    }

    @Override
    public Mapping toMetadata() {
        return MetadataEntries.of("key_id", keyId, "created_at", createdAt, "enc", enc);
    }

    public static HckmsKeyRef fromMetadata(KeyFields f) {
        return new HckmsKeyRef(f.string("key_id"), f.string("created_at"), f.string("enc"));
    }
}
