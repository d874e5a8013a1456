package dev.sops4j.microprofile;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** The decrypted values of one sops file, by flattened key ({@code db.password}, {@code hosts[0]}). */
public final class SopsConfigSource implements ConfigSource {
    private final String name;
    private final int ordinal;
    private final Map<String, String> values;

    SopsConfigSource(String name, int ordinal, Map<String, String> values) {
        this.name = name;
        this.ordinal = ordinal;
        this.values = Map.copyOf(values);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public Map<String, String> getProperties() {
        return values;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }

    @Override
    public String toString() {
        return "SopsConfigSource[" + name + ", ordinal " + ordinal + "]";
    }
}
