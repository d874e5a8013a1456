package dev.sops4j.core.store;

/**
 * Per-format output settings ({@code stores:} in .sops.yaml, {@code --indent}). {@code indent} null means the
 * format's default (YAML 4, JSON tab).
 */
public record StoreSettings(Integer yamlIndent, Integer jsonIndent, Integer jsonBinaryIndent) {
    public static final StoreSettings DEFAULTS = new StoreSettings(null, null, null);
}
