package dev.sops4j.core.api;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * A decrypted sops file, read through flattened keys as Spring spells them: nested keys joined with {@code .},
 * list items as {@code key[0]} ({@code db.password}, {@code hosts[1]}). Scalars read as the text sops prints for
 * them. {@link #close()} wipes the data key and drops every value it holds; {@link #toString()} never shows one.
 */
public final class SopsDocument implements AutoCloseable {
    private final Sops4j sops;
    private DecryptedFile file;
    private Map<String, String> values;

    SopsDocument(DecryptedFile file, Sops4j sops) {
        this.sops = sops;
        this.file = file;
        this.values = Collections.unmodifiableMap(Flattener.flatten(file.branches(), ""));
    }

    /** The value at a flattened key, e.g. {@code get("db.password")}; empty when absent or null. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(open().get(key));
    }

    public Optional<Integer> getInt(String key) {
        return typed(key, "an int", Integer::valueOf);
    }

    public Optional<Long> getLong(String key) {
        return typed(key, "a long", Long::valueOf);
    }

    public Optional<Double> getDouble(String key) {
        return typed(key, "a number", Double::valueOf);
    }

    /** {@code true}/{@code false} in any case; anything else fails. */
    public Optional<Boolean> getBoolean(String key) {
        return typed(key, "a boolean", s -> {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.valueOf(s);
            }
            throw new IllegalArgumentException();
        });
    }

    /** Every value by flattened key, in document order; unmodifiable. */
    public Map<String, String> asMap() {
        return open();
    }

    /** A copy of {@link #asMap()} as {@link Properties}. */
    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(open());
        return p;
    }

    /** The plaintext as sops would print it with {@code --output-type json}. */
    public String toJson() {
        return new String(sops.store(Format.JSON).emitPlain(branches()), StandardCharsets.UTF_8);
    }

    /** The decrypted tree, typed as sops types it (one branch per YAML document), for advanced use. */
    public List<Mapping> branches() {
        open();
        return file.branches();
    }

    /** The file's sops metadata (key groups, lastmodified, MAC). */
    public Metadata metadata() {
        open();
        return file.metadata();
    }

    /** Wipes the data key and drops the values; the document cannot be read afterwards. */
    @Override
    public void close() {
        if (file != null) {
            file.close();
            file = null;
            values = null;
        }
    }

    @Override
    public String toString() {
        return values == null ? "SopsDocument[closed]" : "SopsDocument[" + values.size() + " values]";
    }

    private Map<String, String> open() {
        if (values == null) {
            throw new IllegalStateException("the SopsDocument is closed");
        }
        return values;
    }

    private <T> Optional<T> typed(String key, String what, Function<String, T> parse) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(text.get().trim()));
        } catch (IllegalArgumentException e) {
            // The key is not secret; the value is never echoed.
            throw new FormatException("the value at '" + key + "' is not " + what);
        }
    }
}
