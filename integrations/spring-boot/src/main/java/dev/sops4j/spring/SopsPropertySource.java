package dev.sops4j.spring;

import java.util.Map;
import org.springframework.core.env.MapPropertySource;

/**
 * The decrypted values of one sops file, named {@code sops:<location>}. Actuator shows them masked (see
 * {@link SopsActuatorAutoConfiguration}); {@link #toString()} names the file only.
 */
public final class SopsPropertySource extends MapPropertySource {
    public SopsPropertySource(String name, Map<String, Object> values) {
        super(name, Map.copyOf(values));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " {name='" + getName() + "'}";
    }
}
