package dev.sops4j.core.tree;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A timestamp ({@code type:time}) as YAML wrote it: wall clock plus offset, never normalised to an instant,
 * because sops' plaintext is Go's RFC 3339 text of exactly that.
 */
public record TimeValue(OffsetDateTime value) implements Scalar {
    public TimeValue {
        Objects.requireNonNull(value, "value");
    }
}
