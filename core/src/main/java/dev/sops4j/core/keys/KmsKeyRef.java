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

    /** sops always writes {@code aws_profile}, writes {@code context} and {@code role} only when set. */
    @Override
    public dev.sops4j.core.tree.Mapping toMetadata() {
        dev.sops4j.core.tree.Mapping m = MetadataEntries.of("arn", arn, "aws_profile", awsProfile,
                "created_at", createdAt, "enc", enc);
        if (!context.isEmpty()) {
            java.util.List<dev.sops4j.core.tree.MapEntry> ctx = new java.util.ArrayList<>();
            context.forEach((k, v) -> ctx.add(new dev.sops4j.core.tree.Pair(k, new dev.sops4j.core.tree.StrValue(v))));
            m = m.with("context", new dev.sops4j.core.tree.Mapping(ctx));
        }
        return role.isEmpty() ? m : m.with("role", new dev.sops4j.core.tree.StrValue(role));
    }


    public static KmsKeyRef fromMetadata(KeyFields f) {
        return new KmsKeyRef(f.string("arn"), f.string("role"), f.stringMap("context"), f.string("aws_profile"),
                f.string("created_at"), f.string("enc"));
    }
}
