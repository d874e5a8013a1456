package dev.sops4j.core.keys;

import java.util.Objects;

/** A PGP key by fingerprint; {@code enc} is an armored PGP message. */
public record PgpKeyRef(String fingerprint, String createdAt, String enc) implements KeyRef {
    public PgpKeyRef {
        Objects.requireNonNull(fingerprint, "fingerprint");
        createdAt = createdAt == null ? "" : createdAt;
        enc = enc == null ? "" : enc;
    }

    @Override
    public String type() {
        return "pgp";
    }

    @Override
    public PgpKeyRef withEnc(String newEnc) {
        return new PgpKeyRef(fingerprint, createdAt, newEnc);
    }

    @Override
    public String describe() {
        return fingerprint;
    }

    @Override
    public dev.sops4j.core.tree.Mapping toMetadata() {
        return MetadataEntries.of("created_at", createdAt, "enc", enc, "fp", fingerprint);
    }


    public static PgpKeyRef fromMetadata(KeyFields f) {
        return new PgpKeyRef(f.string("fp"), f.string("created_at"), f.string("enc"));
    }
}
