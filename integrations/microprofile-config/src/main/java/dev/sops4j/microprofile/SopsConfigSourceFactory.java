package dev.sops4j.microprofile;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Serves the sops files named by {@code sops4j.files}, one config source each, named {@code sops:<file>}. The
 * default ordinal 275 sits above {@code microprofile-config.properties} (100) and Quarkus'
 * {@code application.properties} (250), below environment variables (300) and system properties (400), so an
 * operator can still override a value.
 */
public final class SopsConfigSourceFactory implements ConfigSourceFactory {
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        SopsFileSettings settings = SopsFileSettings.read(context);
        Map<String, Map<String, String>> read = new LinkedHashMap<>();
        for (String entry : settings.files()) {
            Optional<Map<String, String>> values = SopsFiles.read(entry, settings.keys());
            values.ifPresent(v -> read.put(SopsFiles.name(entry), v));
        }
        // The first file listed wins over later ones; the last one has sops4j.ordinal.
        List<ConfigSource> sources = new ArrayList<>();
        int ordinal = settings.ordinal() + read.size();
        for (Map.Entry<String, Map<String, String>> e : read.entrySet()) {
            sources.add(new SopsConfigSource("sops:" + e.getKey(), --ordinal, e.getValue()));
        }
        return sources;
    }
}
