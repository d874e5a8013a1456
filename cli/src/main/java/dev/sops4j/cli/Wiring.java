package dev.sops4j.cli;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.Warnings;
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
        return sops(env, settings, Warnings.NONE);
    }

    /** As above, with the library's warnings going to {@code warnings}. */
    public static Sops4j sops(Environment env, StoreSettings settings, Warnings warnings) {
        return sops(env, settings, warnings, KeyServices.LOCAL);
    }

    /**
     * sops' {@code --keyservice} addresses and {@code --enable-local-keyservice}. gRPC loads only when there is at
     * least one address (the key service module is named only behind that check).
     */
    public record KeyServices(java.util.List<String> addresses, boolean local) {
        public static final KeyServices LOCAL = new KeyServices(java.util.List.of(), true);
    }

    /** As above, with remote key services after (or instead of) the local key sources. */
    public static Sops4j sops(Environment env, StoreSettings settings, Warnings warnings, KeyServices services) {
        Sops4j.Builder b = dev.sops4j.runtime.KeySourceWiring.builder(env)
                .storeSettings(settings)
                .warnings(warnings)
                .localKeySources(services.local());
        if (!services.addresses().isEmpty()) {
            dev.sops4j.keys.keyservice.KeyServiceClients.connect(services.addresses()).forEach(b::keyService);
        }
        return b.build();
    }

    /** A warning line on {@code err} as sops' logger writes one when stderr is not a terminal. */
    public static Warnings stderr(java.io.PrintStream err) {
        return message -> {
            String time = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).withNano(0)).replace("+00:00", "Z");
            synchronized (err) {
                err.println("[SOPS]\t time=\"" + time + "\" level=warning msg=\"" + message + "\"");
            }
        };
    }
}
