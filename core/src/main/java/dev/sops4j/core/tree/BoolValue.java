package dev.sops4j.core.tree;

/** A boolean ({@code type:bool}, plaintext {@code True}/{@code False}). */
public record BoolValue(boolean value) implements Scalar {
}
