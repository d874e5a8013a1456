package dev.sops4j.maven;

import dev.sops4j.core.config.ConfigLoader;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.env.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Default file selection: a file is selected when a .sops.yaml creation rule with a {@code path_regex} matches it.
 * A catch-all rule (no {@code path_regex}) selects nothing, or every file of the project (pom.xml included) would
 * count as a secret.
 */
final class RuleMatcher {
    private final SopsConfig config;

    private RuleMatcher(SopsConfig config) {
        this.config = config;
    }

    static RuleMatcher load(Path base, Optional<Path> explicit, Environment env) {
        Environment here = new Environment(env.variables(), env.home(), base);
        ConfigLoader loader = new ConfigLoader(here, Clock.systemUTC());
        return new RuleMatcher(loader.load(explicit.map(Path::toString)).orElse(null));
    }

    boolean matches(Path file) {
        if (config == null) {
            return false;
        }
        Optional<CreationRule> rule = config.ruleFor(file.toAbsolutePath());
        return rule.isPresent() && rule.get().pathRegex().isPresent();
    }
}
