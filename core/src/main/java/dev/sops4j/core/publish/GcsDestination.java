package dev.sops4j.core.publish;

import java.util.Objects;

/** {@code gcs_bucket} / {@code gcs_prefix}: the encrypted file is stored as object {@code <prefix><file name>}. */
public record GcsDestination(String bucket, String prefix) implements Destination {
    public GcsDestination {
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
    }

    @Override
    public String path(String fileName) {
        return "gcs://" + bucket + "/" + prefix + fileName;
    }
}
