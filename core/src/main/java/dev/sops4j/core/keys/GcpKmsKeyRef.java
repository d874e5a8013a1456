package dev.sops4j.core.keys;

import dev.sops4j.core.tree.Mapping;
import java.util.Objects;

/**
 * A Google Cloud KMS key ({@code gcp_kms}): {@code resource_id} is
 * {@code projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>}; {@code enc} is the standard base64 of the Cloud
 * KMS ciphertext.
 */
public record GcpKmsKeyRef(String resourceId, String createdAt, String enc) implements KeyRef {
    public GcpKmsKeyRef {
        Objects.requireNonNull(resourceId, "resourceId");
        createdAt = createdAt == null ? "" : createdAt;
        enc = enc == null ? "" : enc;
    }

    @Override
    public String type() {
        return "gcp_kms";
    }

    @Override
    public GcpKmsKeyRef withEnc(String newEnc) {
        return new GcpKmsKeyRef(resourceId, createdAt, newEnc);
    }

    /** A copy stamped with the creation time when it has none yet. */
    public GcpKmsKeyRef created(String now) {
        return createdAt.isEmpty() ? new GcpKmsKeyRef(resourceId, now, enc) : this;
    }

    @Override
    public String describe() {
        return resourceId;
    }

    @Override
    public Mapping toMetadata() {
        return MetadataEntries.of("resource_id", resourceId, "created_at", createdAt, "enc", enc);
    }

    public static GcpKmsKeyRef fromMetadata(KeyFields f) {
        return new GcpKmsKeyRef(f.string("resource_id"), f.string("created_at"), f.string("enc"));
    }
}
