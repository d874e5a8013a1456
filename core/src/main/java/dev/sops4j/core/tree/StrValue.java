package dev.sops4j.core.tree;

import java.util.Objects;

/** A string ({@code type:str}). */
public record StrValue(String value) implements Scalar {
    public StrValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "StrValue[" + value.length() + " chars]";
    }
}
