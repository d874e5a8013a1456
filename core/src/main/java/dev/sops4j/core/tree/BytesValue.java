package dev.sops4j.core.tree;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Raw bytes that are not valid UTF-8 (YAML {@code !!binary}, a binary file); sops encrypts them as
 * {@code type:str} and hands them back unchanged. Immutable: the constructor and {@link #value()} copy. A binary
 * file's value is megabytes, so the paths that make and read one anyway use {@link #adopt}, {@link #length},
 * {@link #view} and {@link #shared} (a class rather than a record for that private constructor).
 */
public final class BytesValue implements Scalar {
    private final byte[] value;

    public BytesValue(byte[] value) {
        this.value = value.clone();
    }

    private BytesValue(byte[] owned, boolean adopted) {
        this.value = owned;
    }

    /** Takes {@code owned} without a copy: the caller hands it over and never writes to it again. */
    public static BytesValue adopt(byte[] owned) {
        return new BytesValue(owned, true);
    }

    public byte[] value() {
        return value.clone();
    }

    /** The number of bytes, without the copy {@link #value()} makes. */
    public int length() {
        return value.length;
    }

    /** The bytes, read-only and without a copy. */
    public ByteBuffer view() {
        return ByteBuffer.wrap(value).asReadOnlyBuffer();
    }

    /**
     * The array itself, for code that only reads it and keeps it no longer than this value (the value cipher
     * sealing it, the MAC hashing it): never to be written to.
     */
    public byte[] shared() {
        return value;
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
