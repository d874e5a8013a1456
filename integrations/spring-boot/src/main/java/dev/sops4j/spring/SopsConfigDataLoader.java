package dev.sops4j.spring;

import dev.sops4j.core.api.Sops;
import dev.sops4j.core.api.SopsDocument;
import dev.sops4j.core.api.SopsSettings;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Decrypts one sops file in memory into a {@link SopsPropertySource}. The format comes from the file name as sops
 * guesses it; keys are found as the sops4j CLI finds them, plus the {@code sops4j.*} properties set before the
 * import. Logs name files and counts, never values.
 */
public final class SopsConfigDataLoader implements ConfigDataLoader<SopsConfigDataResource> {
    private final Log log;

    public SopsConfigDataLoader(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(SopsConfigDataLoader.class);
    }

    @Override
    public ConfigData load(ConfigDataLoaderContext context, SopsConfigDataResource resource)
            throws IOException, ConfigDataResourceNotFoundException {
        if (!resource.resource().exists()) {
            throw new ConfigDataResourceNotFoundException(resource);
        }
        SopsSettings settings = SopsSettings.defaults();
        for (Map.Entry<String, String> e : resource.keySettings().entrySet()) {
            settings = settings.withVariable(e.getKey(), e.getValue());
        }
        String name = resource.resource().getFilename();
        Map<String, Object> values;
        try (InputStream in = resource.resource().getInputStream();
                SopsDocument doc = Sops.decrypt(in, Format.fromPath(name == null ? "" : name), settings)) {
            values = new LinkedHashMap<>(doc.asMap());
        } catch (SopsException e) {
            throw new SopsConfigDataException(resource, e);
        }
        log.debug("Decrypted sops file '" + resource.location() + "': " + values.size() + " properties");
        SopsPropertySource source = new SopsPropertySource(resource.toString(), values);
        return resource.profileSpecific()
                ? new ConfigData(List.of(source), ConfigData.Option.PROFILE_SPECIFIC)
                : new ConfigData(List.of(source));
    }
}
