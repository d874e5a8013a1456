package dev.sops4j.gateway.dev;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sops4j.gateway.kek.NexusGateway;
import dev.sops4j.nexus.KeyNames;
import dev.sops4j.nexus.kek.KeysetDocument;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dev mode's stand-in for SPIKE Nexus: secrets in this process's memory only, gone on exit. It holds keysets in the
 * same document format the nexus module writes to a real Nexus ({@link KeysetDocument}), so the gateway wraps and
 * unwraps exactly as in production.
 */
public final class DevNexus implements NexusGateway.Store, AutoCloseable {
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    /** Creates a new AES-256-GCM keyset named {@code name} under {@code prefix}. */
    public void createKey(String prefix, String name) {
        KeysetDocument.init();
        try {
            KeysetHandle h = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            KeysetDocument doc = new KeysetDocument(h, Map.of(KeysetDocument.id(h.getPrimary()),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()), Set.of());
            secrets.put(KeyNames.path(prefix, name), doc.toValues());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the dev keyset", e);
        }
    }

    @Override
    public Optional<Map<String, String>> findSecret(String path) {
        return Optional.ofNullable(secrets.get(path));
    }

    @Override
    public void probe(String path) {
        // always reachable
    }

    @Override
    public void close() {
        secrets.clear();
    }
}
