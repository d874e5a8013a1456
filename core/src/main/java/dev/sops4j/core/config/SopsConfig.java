package dev.sops4j.core.config;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.store.StoreSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded .sops.yaml: where it was found, its creation and destination rules (file order), store settings and the
 * unknown keys it holds (warnings).
 */
public record SopsConfig(Path file, List<CreationRule> creationRules, StoreSettings stores,
        List<DestinationRule> destinationRules, List<ConfigWarning> warnings) {
    public SopsConfig {
        creationRules = List.copyOf(creationRules);
        destinationRules = List.copyOf(destinationRules);
        warnings = List.copyOf(warnings);
    }

    public SopsConfig(Path file, List<CreationRule> creationRules, StoreSettings stores) {
        this(file, creationRules, stores, List.of(), List.of());
    }

    /** The first destination rule matching {@code path} as given, or sops' "no matching rules" error. */
    public DestinationRule requireDestinationFor(String path) {
        for (DestinationRule r : destinationRules) {
            if (r.matches(path)) {
                return r;
            }
        }
        throw new ConfigException("error loading config: no matching destination rules found in " + file + " for "
                + path);
    }

    /** The directory path_regex is relative to. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    /** The first rule whose path_regex matches {@code target} (absolute or relative to the cwd), if any. */
    public Optional<CreationRule> ruleFor(Path target) {
        String rel = relative(target);
        for (CreationRule r : creationRules) {
            if (r.matches(rel)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #ruleFor} but a missing rule is sops' "no matching creation rules found" error. */
    public CreationRule requireRuleFor(Path target) {
        return ruleFor(target).orElseThrow(() -> new ConfigException(
                "error loading config: no matching creation rules found in " + file + " for " + relative(target)));
    }

    private String relative(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = directory().toAbsolutePath().normalize();
        String rel = dir.relativize(abs).toString();
        return rel.replace(java.io.File.separatorChar, '/');
    }
}
