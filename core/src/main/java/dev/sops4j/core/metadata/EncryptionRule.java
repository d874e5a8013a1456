package dev.sops4j.core.metadata;

import java.util.Objects;

/**
 * Which values get encrypted. At most one rule per file; without one sops applies
 * {@code unencrypted_suffix: _unencrypted}. {@code kind} is the metadata key it is stored under.
 */
public record EncryptionRule(Kind kind, String value) {
    public static final EncryptionRule DEFAULT = new EncryptionRule(Kind.UNENCRYPTED_SUFFIX, "_unencrypted");

    public EncryptionRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public enum Kind {
        UNENCRYPTED_SUFFIX("unencrypted_suffix"),
        ENCRYPTED_SUFFIX("encrypted_suffix"),
        UNENCRYPTED_REGEX("unencrypted_regex"),
        ENCRYPTED_REGEX("encrypted_regex"),
        UNENCRYPTED_COMMENT_REGEX("unencrypted_comment_regex"),
        ENCRYPTED_COMMENT_REGEX("encrypted_comment_regex");

        private final String metadataKey;

        Kind(String metadataKey) {
            this.metadataKey = metadataKey;
        }

        public String metadataKey() {
            return metadataKey;
        }
    }
}
