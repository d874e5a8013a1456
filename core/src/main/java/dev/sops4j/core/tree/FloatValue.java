package dev.sops4j.core.tree;

/** A float64 ({@code type:float}). Equality is bitwise so NaN equals NaN and -0 differs from 0. */
public record FloatValue(double value) implements Scalar {
    @Override
    public boolean equals(Object o) {
        return o instanceof FloatValue f && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(Double.doubleToRawLongBits(value));
    }
}
