package dev.sops4j.core.config;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Finds and loads .sops.yaml like sops: {@code --config}, else {@code SOPS_CONFIG}, else {@code .sops.yaml} in the
 * working directory or one of its parents (at most 100 levels).
 */
public final class ConfigLoader {
    static final int MAX_DEPTH = 100;
    public static final String FILE_NAME = ".sops.yaml";

    private final Environment env;
    private final ConfigParser parser;

    public ConfigLoader(Environment env, Clock clock) {
        this.env = env;
        this.parser = new ConfigParser(new KeyRefFactory(clock));
    }

    /** The config file to use, if any; an explicit path that does not exist is an error. */
    public Optional<Path> locate(Optional<String> explicit) {
        Optional<String> given = explicit.filter(s -> !s.isEmpty()).or(() -> env.get("SOPS_CONFIG"));
        if (given.isPresent()) {
            Path p = env.workingDirectory().resolve(given.get());
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("error loading config file " + p + ": no such file");
            }
            return Optional.of(p);
        }
        Path dir = env.workingDirectory().toAbsolutePath();
        for (int i = 0; i < MAX_DEPTH && dir != null; i++) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** Loads the located config, or empty when there is none. */
    public Optional<SopsConfig> load(Optional<String> explicit) {
        return locate(explicit).map(this::load);
    }

    public SopsConfig load(Path file) {
        try {
            return parser.parse(Files.readString(file, StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new ConfigException("error loading config file " + file + ": " + e.getMessage(), e);
        }
    }
}
