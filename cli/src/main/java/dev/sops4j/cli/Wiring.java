package dev.sops4j.cli;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.store.StoreSettings;

/**
 * The CLI's composition root: which key sources a command can use. Adding a key type is one line here; the
 * sources create their clients lazily, so no cloud SDK class loads unless a file uses that key type.
 */
public final class Wiring {
    private Wiring() {
    }

    public static Sops4j sops(Environment env, StoreSettings settings) {
        return Sops4j.builder()
                .withLocalKeySources(env)
                .storeSettings(settings)
                .build();
    }
}
