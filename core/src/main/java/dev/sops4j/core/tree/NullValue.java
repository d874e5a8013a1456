package dev.sops4j.core.tree;

/** YAML/JSON null: left as is by encryption and excluded from the MAC. */
public record NullValue() implements Scalar {
    public static final NullValue INSTANCE = new NullValue();
}
