package dev.sops4j.core.keys;

import java.util.Map;
import java.util.Objects;

/**
 * An AWS KMS key: {@code arn}, optional {@code role} to assume, encryption {@code context} (ordered as given),
 * optional {@code awsProfile}; {@code enc} is the base64 ciphertext blob.
 */
public record KmsKeyRef(String arn, String role, Map<String, String> context, String awsProfile, String createdAt,
        String enc) implements KeyRef {
    public KmsKeyRef {
        Objects.requireNonNull(arn, "arn");
        role = role == null ? "" : role;
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
        awsProfile = awsProfile == null ? "" : awsProfile;
        createdAt = createdAt == null ? "" : createdAt;
        enc = enc == null ? "" : enc;
    }

    @Override
    public String type() {
        return "kms";
    }

    @Override
    public KmsKeyRef withEnc(String newEnc) {
        return new KmsKeyRef(arn, role, context, awsProfile, createdAt, newEnc);
    }

    @Override
    public String describe() {
        return role.isEmpty() ? arn : arn + "+" + role;
    }
}
