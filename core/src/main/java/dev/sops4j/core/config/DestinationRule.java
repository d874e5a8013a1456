package dev.sops4j.core.config;

import dev.sops4j.core.publish.Destination;
import dev.sops4j.core.text.GoRegex;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code destination_rules} entry of .sops.yaml, used by {@code publish}: where matching files go, the creation
 * rule they are re-encrypted with first ({@code recreation_rule}, when it has keys) and {@code omit_extensions}.
 */
public record DestinationRule(Optional<GoRegex> pathRegex, Destination destination,
        Optional<CreationRule> recreationRule, boolean omitExtensions, int line) {
    public DestinationRule {
        Objects.requireNonNull(destination, "destination");
    }

    /** sops matches the unanchored regex (Go syntax, linear time) against the file path as given on the command line. */
    public boolean matches(String path) {
        return pathRegex.map(p -> p.find(path)).orElse(true);
    }
}
