package dev.sops4j.core.publish;

import java.util.Objects;

/** {@code s3_bucket} / {@code s3_prefix}: the encrypted file is stored as object {@code <prefix><file name>}. */
public record S3Destination(String bucket, String prefix) implements Destination {
    public S3Destination {
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
    }

    @Override
    public String path(String fileName) {
        return "s3://" + bucket + "/" + prefix + fileName;
    }
}
