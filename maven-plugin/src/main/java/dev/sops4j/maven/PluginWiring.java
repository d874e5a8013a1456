package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.env.Environment;
import dev.sops4j.runtime.KeySourceWiring;

/** The plugin's key sources: the same as the CLI's. */
final class PluginWiring {
    private PluginWiring() {
    }

    static Sops4j sops4j(Environment env) {
        return KeySourceWiring.builder(env).build();
    }
}
