package dev.sops4j.core.tree;

/**
 * A leaf value, typed as sops types it (the {@code type:} of an ENC string). {@link NullValue} is never encrypted
 * and never part of the MAC.
 */
public sealed interface Scalar extends Node
        permits StrValue, IntValue, FloatValue, BoolValue, TimeValue, NullValue, BytesValue {
}
