package dev.sops4j.core.keys;

import java.util.Objects;

/**
 * sops4j's own key type: a logical key name whose key-encryption keyset lives in SPIKE Nexus; {@code enc} is the
 * Tink AEAD ciphertext of the data key (base64).
 */
public record NexusKeyRef(String name, String createdAt, String enc) implements KeyRef {
    public NexusKeyRef {
        Objects.requireNonNull(name, "name");
        createdAt = createdAt == null ? "" : createdAt;
        enc = enc == null ? "" : enc;
    }

    @Override
    public String type() {
        return "nexus";
    }

    @Override
    public NexusKeyRef withEnc(String newEnc) {
        return new NexusKeyRef(name, createdAt, newEnc);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public dev.sops4j.core.tree.Mapping toMetadata() {
        return MetadataEntries.of("created_at", createdAt, "enc", enc, "name", name);
    }


    public static NexusKeyRef fromMetadata(KeyFields f) {
        return new NexusKeyRef(f.string("name"), f.string("created_at"), f.string("enc"));
    }
}
