package dev.sops4j.nexus;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.kek.Kek;
import dev.sops4j.nexus.kek.KeysetDocument;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Wraps data keys with key-encryption keysets held in SPIKE Nexus. Each logical key name maps to the Nexus secret
 * {@code <prefix><name>}; its keyset is fetched at most once per process (per source instance) and kept in memory
 * only. Nothing connects to Nexus until the first wrap or unwrap, so registering this source costs nothing when
 * no file uses Nexus keys.
 */
public final class NexusKeySource implements KeySource<NexusKeyRef>, AutoCloseable {
    private final Supplier<NexusClient> clientFactory;
    private final String prefix;
    private final Clock clock;
    private final boolean ownsClient;
    private final Map<String, Holder> keks = new ConcurrentHashMap<>();
    private volatile NexusClient client;

    /**
     * Configured from {@code env} ({@link NexusSettings}). Never fails here: a bad configuration or a missing
     * identity is reported on first use, so registering the source is harmless for files without Nexus keys.
     */
    public NexusKeySource(Environment env) {
        this(settingsOrError(env), Clock.systemUTC());
    }

    /** For tests and embedding: a ready client (still owned by the caller) and the path prefix. */
    public NexusKeySource(NexusClient client, String pathPrefix) {
        this(() -> client, pathPrefix, Clock.systemUTC(), false);
    }

    NexusKeySource(Supplier<NexusClient> clientFactory, String pathPrefix, Clock clock, boolean ownsClient) {
        KeyNames.checkPrefix(pathPrefix);
        this.clientFactory = clientFactory;
        this.prefix = pathPrefix;
        this.clock = clock;
        this.ownsClient = ownsClient;
    }

    private NexusKeySource(Object settingsOrError, Clock clock) {
        this(() -> {
            if (settingsOrError instanceof KeySourceException e) {
                throw new KeySourceException(e.getMessage(), e);
            }
            return NexusClient.create((NexusSettings) settingsOrError);
        }, settingsOrError instanceof NexusSettings s ? s.pathPrefix() : "", clock, true);
    }

    /** The settings, or the one-line error to raise on first use. */
    private static Object settingsOrError(Environment env) {
        try {
            return NexusSettings.fromEnvironment(env);
        } catch (UsageException | IllegalArgumentException e) {
            return new KeySourceException("invalid Nexus configuration: " + e.getMessage(), e);
        }
    }

    @Override
    public Class<NexusKeyRef> refType() {
        return NexusKeyRef.class;
    }

    @Override
    public NexusKeyRef wrap(NexusKeyRef ref, SecretBytes secret) {
        Kek kek = kek(ref.name());
        byte[] plain = secret.copy();
        try {
            String enc = Base64.getEncoder().encodeToString(kek.wrap(plain));
            String created = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
            return new NexusKeyRef(ref.name(), created, enc);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public SecretBytes unwrap(NexusKeyRef ref) {
        if (ref.enc().isEmpty()) {
            throw new KeySourceException("nexus key " + ref.name() + ": no wrapped data key in the file");
        }
        byte[] wrapped;
        try {
            wrapped = Base64.getDecoder().decode(ref.enc().strip());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("nexus key " + ref.name() + ": enc is not valid base64");
        }
        return SecretBytes.wrap(kek(ref.name()).unwrap(wrapped));
    }

    @Override
    public void close() {
        NexusClient c = client;
        if (c != null && ownsClient) {
            c.close();
        }
    }

    private Kek kek(String name) {
        try {
            KeyNames.check(name);
        } catch (UsageException e) {
            throw new KeySourceException(e.getMessage());
        }
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
