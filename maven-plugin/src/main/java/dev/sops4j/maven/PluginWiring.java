package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.env.Environment;

/** The plugin's composition root: the same key sources as the CLI. */
final class PluginWiring {
    private PluginWiring() {
    }

    static Sops4j sops4j(Environment env) {
        return Sops4j.builder().withLocalKeySources(env).build();
    }
}
