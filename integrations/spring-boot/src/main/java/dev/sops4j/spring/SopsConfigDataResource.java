package dev.sops4j.spring;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;
import org.springframework.core.io.Resource;

/**
 * One sops file named by a {@code sops:} import: where it was named ({@code classpath:secrets.enc.yaml}), the
 * resource, and the key settings (environment variables) read from Spring properties before the import.
 */
public final class SopsConfigDataResource extends ConfigDataResource {
    private final String location;
    private final Resource resource;
    private final Map<String, String> keySettings;
    private final boolean profileSpecific;

    SopsConfigDataResource(String location, Resource resource, Map<String, String> keySettings, boolean optional,
            boolean profileSpecific) {
        super(optional);
        this.location = location;
        this.resource = resource;
        this.keySettings = Map.copyOf(keySettings);
        this.profileSpecific = profileSpecific;
    }

    /** The location as written after {@code sops:}, e.g. {@code classpath:secrets.enc.yaml}. */
    public String location() {
        return location;
    }

    Resource resource() {
        return resource;
    }

    Map<String, String> keySettings() {
        return keySettings;
    }

    boolean profileSpecific() {
        return profileSpecific;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SopsConfigDataResource r && r.location.equals(location) && r.resource.equals(resource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, resource);
    }

    @Override
    public String toString() {
        return "sops:" + location;
    }
}
