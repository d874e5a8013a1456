package dev.sops4j.microprofile;

import dev.sops4j.core.api.Sops;
import dev.sops4j.core.api.SopsDocument;
import dev.sops4j.core.api.SopsSettings;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads one entry of {@code sops4j.files} into its flattened values; missing {@code optional:} files are empty. */
final class SopsFiles {
    private static final String OPTIONAL = "optional:";
    private static final String CLASSPATH = "classpath:";

    private SopsFiles() {
    }

    /** The file's name without {@code optional:}, as config sources and messages show it. */
    static String name(String entry) {
        return entry.startsWith(OPTIONAL) ? entry.substring(OPTIONAL.length()) : entry;
    }

    static Optional<Map<String, String>> read(String entry, SopsSettings settings) {
        String name = name(entry);
        String fileName = name.startsWith(CLASSPATH) ? name.substring(CLASSPATH.length()) : name;
        try (InputStream in = open(name)) {
            if (in == null) {
                if (entry.startsWith(OPTIONAL)) {
                    return Optional.empty();
                }
                throw new SopsConfigException("Cannot read sops file '" + name + "': it does not exist", null);
            }
            try (SopsDocument doc = Sops.decrypt(in, Format.fromPath(fileName), settings)) {
                return Optional.of(new LinkedHashMap<>(doc.asMap()));
            }
        } catch (SopsException e) {
            throw new SopsConfigException("Cannot decrypt sops file '" + name + "': " + e.singleLine(), e);
        } catch (IOException e) {
            throw new SopsConfigException("Cannot read sops file '" + name + "': " + e.getClass().getSimpleName(), e);
        }
    }

    private static InputStream open(String name) throws IOException {
        if (name.startsWith(CLASSPATH)) {
            String resource = name.substring(CLASSPATH.length());
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            return (cl != null ? cl : SopsFiles.class.getClassLoader())
                    .getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource);
        }
        try {
            return Files.newInputStream(Path.of(name));
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
