package dev.sops4j.core.keys;

import java.util.Objects;

/** An age recipient ({@code age1...}, {@code ssh-ed25519 ...}, {@code ssh-rsa ...}); {@code enc} is an armored age file. */
public record AgeKeyRef(String recipient, String enc) implements KeyRef {
    public AgeKeyRef {
        Objects.requireNonNull(recipient, "recipient");
        enc = enc == null ? "" : enc;
    }

    public static AgeKeyRef of(String recipient) {
        return new AgeKeyRef(recipient, "");
    }

    @Override
    public String type() {
        return "age";
    }

    @Override
    public AgeKeyRef withEnc(String newEnc) {
        return new AgeKeyRef(recipient, newEnc);
    }

    @Override
    public String describe() {
        return recipient;
    }

    @Override
    public dev.sops4j.core.tree.Mapping toMetadata() {
        return MetadataEntries.of("recipient", recipient, "enc", enc);
    }


    public static AgeKeyRef fromMetadata(KeyFields f) {
        return new AgeKeyRef(f.string("recipient"), f.string("enc"));
    }
}
