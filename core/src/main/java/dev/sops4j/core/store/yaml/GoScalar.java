package dev.sops4j.core.store.yaml;

import java.math.BigInteger;
import java.time.OffsetDateTime;

/**
 * What yaml.v3 decodes one scalar into ({@code node.Decode(&interface{})}). {@link Uint} exists because sops refuses
 * such values only later, when it walks the tree; the store turns it into that error.
 */
sealed interface GoScalar {
    record Str(String value) implements GoScalar {
    }

    /** {@code !!binary} data: raw bytes, which Go keeps in a string. */
    record Binary(byte[] value) implements GoScalar {
    }

    record Int(long value) implements GoScalar {
    }

    record Uint(BigInteger value) implements GoScalar {
    }

    record Float(double value) implements GoScalar {
    }

    record Bool(boolean value) implements GoScalar {
    }

    record Null() implements GoScalar {
    }

    record Time(OffsetDateTime value) implements GoScalar {
    }

    /** yaml.v3's short tag of the resolved kind, as it prints it in "cannot decode" errors. */
    default String shortTag() {
        if (this instanceof Str) {
            return "!!str";
        }
        if (this instanceof Binary) {
            return "!!binary";
        }
        if (this instanceof Int || this instanceof Uint) {
            return "!!int";
        }
        if (this instanceof Float) {
            return "!!float";
        }
        if (this instanceof Bool) {
            return "!!bool";
        }
        if (this instanceof Null) {
            return "!!null";
        }
        return "!!timestamp";
    }
}
