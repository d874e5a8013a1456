package dev.sops4j.core.tree;

/** A 64-bit integer ({@code type:int}), Go's {@code int}. */
public record IntValue(long value) implements Scalar {
}
