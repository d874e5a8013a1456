package dev.sops4j.core.tree;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Raw bytes that are not valid UTF-8 (YAML {@code !!binary}); sops encrypts them as {@code type:str} and hands
 * them back unchanged.
 */
public record BytesValue(byte[] value) implements Scalar {
    public BytesValue {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The number of bytes, without the copy {@link #value()} makes (a binary file's value is megabytes). */
    public int length() {
        return value.length;
    }

    /** The bytes, read-only and without a copy. */
    public ByteBuffer view() {
        return ByteBuffer.wrap(value).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesValue b && Arrays.equals(b.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "BytesValue[" + value.length + " bytes]";
    }
}
