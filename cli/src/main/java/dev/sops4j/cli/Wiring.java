package dev.sops4j.cli;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.store.StoreSettings;

/**
 * The CLI's composition root: the shared key-source wiring of sops4j's programs plus the store settings of this
 * invocation. The sources create their clients lazily, so no cloud SDK class loads unless a file uses that key type.
 */
public final class Wiring {
    private Wiring() {
    }

    public static Sops4j sops(Environment env, StoreSettings settings) {
        return dev.sops4j.runtime.KeySourceWiring.builder(env)
                .storeSettings(settings)
                .build();
    }
}
