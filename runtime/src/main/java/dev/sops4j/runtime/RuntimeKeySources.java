package dev.sops4j.runtime;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.api.KeySourcesProvider;
import dev.sops4j.core.env.Environment;

/**
 * Hands {@link KeySourceWiring} to core's one-line API ({@code Sops.decrypt}) through {@link java.util.ServiceLoader},
 * so applications with sops4j-runtime on the class path find every key type the CLI finds.
 */
public final class RuntimeKeySources implements KeySourcesProvider {
    @Override
    public Sops4j.Builder builder(Environment env) {
        return KeySourceWiring.builder(env);
    }
}
