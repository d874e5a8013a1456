package dev.sops4j.nexus;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.kek.Kek;
import dev.sops4j.nexus.kek.KeysetDocument;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * In-cluster mode: fetches each keyset from Nexus over SPIFFE mTLS at most once per instance, keeps it in memory
 * only, and wraps locally. The Nexus client is created on first use, so a source nobody uses never connects.
 */
final class DirectNexusKeys implements NexusKeyService {
    private final Supplier<NexusClient> clientFactory;
    private final String prefix;
    private final boolean ownsClient;
    private final Map<String, Holder> keks = new ConcurrentHashMap<>();
    private volatile NexusClient client;

    DirectNexusKeys(Supplier<NexusClient> clientFactory, String pathPrefix, boolean ownsClient) {
        KeyNames.checkPrefix(pathPrefix);
        this.clientFactory = clientFactory;
        this.prefix = pathPrefix;
        this.ownsClient = ownsClient;
    }

    @Override
    public byte[] wrap(String name, SecretBytes dataKey) {
        Kek kek = kek(name);
        byte[] plain = dataKey.copy();
        try {
            return kek.wrap(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public SecretBytes unwrap(String name, byte[] wrapped) {
        return SecretBytes.wrap(kek(name).unwrap(wrapped));
    }

    @Override
    public void close() {
        NexusClient c = client;
        if (c != null && ownsClient) {
            c.close();
        }
    }

    private Kek kek(String name) {
        // computeIfAbsent only creates the holder; the fetch happens outside the map lock, once per name.
        return keks.computeIfAbsent(name, Holder::new).get();
    }

    private NexusClient client() {
        NexusClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = clientFactory.get();
                    client = c;
                }
            }
        }
        return c;
    }

    /** Fetches one keyset once; a failed fetch is not remembered, so a later call can try again. */
    private final class Holder {
        private final String name;
        private Kek kek;

        Holder(String name) {
            this.name = name;
        }

        synchronized Kek get() {
            if (kek == null) {
                String path = KeyNames.path(prefix, name);
                Map<String, String> values = client().findSecret(path, 0).orElseThrow(() -> new KeySourceException(
                        "nexus key " + name + " does not exist in Nexus at " + path
                                + " (create it with: sops4j nexus key create " + name + ")"));
                kek = new Kek(name, KeysetDocument.fromValues(values, "nexus key " + name));
            }
            return kek;
        }
    }
}
