package dev.sops4j.nexus;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.gateway.GatewayKeyClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The {@code nexus:} key type. Each logical key name maps to a Tink keyset held in SPIKE Nexus; who applies it is a
 * {@link NexusKeyService}: Nexus directly over SPIFFE mTLS (in-cluster), or the sops4j gateway with a CI job's OIDC
 * token when {@code SOPS4J_GATEWAY_URL} is set. The file is the same either way. Nothing connects until the first
 * wrap or unwrap, so registering this source costs nothing when no file uses Nexus keys.
 */
public final class NexusKeySource implements KeySource<NexusKeyRef>, AutoCloseable {
    private final Supplier<NexusKeyService> serviceFactory;
    private final Clock clock;
    private volatile NexusKeyService service;

    /**
     * Configured from {@code env}: the gateway ({@link GatewayKeyClient}) when {@code SOPS4J_GATEWAY_URL} is set,
     * else Nexus directly ({@link NexusSettings}). Never fails here: a bad configuration, a missing identity or a
     * missing token is reported on first use, so registering the source is harmless for files without Nexus keys.
     */
    public NexusKeySource(Environment env) {
        this(() -> fromEnvironment(env), Clock.systemUTC());
    }

    /** For tests and embedding: direct Nexus access through a ready client (still owned by the caller). */
    public NexusKeySource(NexusClient client, String pathPrefix) {
        this(new DirectNexusKeys(() -> client, pathPrefix, false));
    }

    /** For embedding: any service, closed with this source. */
    public NexusKeySource(NexusKeyService service) {
        this(() -> service, Clock.systemUTC());
    }

    NexusKeySource(Supplier<NexusKeyService> serviceFactory, Clock clock) {
        this.serviceFactory = serviceFactory;
        this.clock = clock;
    }

    private static NexusKeyService fromEnvironment(Environment env) {
        if (GatewayKeyClient.configured(env)) {
            return GatewayKeyClient.fromEnvironment(env);
        }
        NexusSettings settings;
        try {
            settings = NexusSettings.fromEnvironment(env);
        } catch (UsageException | IllegalArgumentException e) {
            throw new KeySourceException("invalid Nexus configuration: " + e.getMessage(), e);
        }
        return new DirectNexusKeys(() -> NexusClient.create(settings), settings.pathPrefix(), true);
    }

    @Override
    public Class<NexusKeyRef> refType() {
        return NexusKeyRef.class;
    }

    @Override
    public NexusKeyRef wrap(NexusKeyRef ref, SecretBytes secret) {
        checkName(ref.name());
        String enc = Base64.getEncoder().encodeToString(service().wrap(ref.name(), secret));
        String created = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        return new NexusKeyRef(ref.name(), created, enc);
    }

    @Override
    public SecretBytes unwrap(NexusKeyRef ref) {
        checkName(ref.name());
        if (ref.enc().isEmpty()) {
            throw new KeySourceException("nexus key " + ref.name() + ": no wrapped data key in the file");
        }
        byte[] wrapped;
        try {
            wrapped = Base64.getDecoder().decode(ref.enc().strip());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("nexus key " + ref.name() + ": enc is not valid base64");
        }
        return service().unwrap(ref.name(), wrapped);
    }

    @Override
    public void close() {
        NexusKeyService s = service;
        if (s != null) {
            s.close();
        }
    }

    private static void checkName(String name) {
        try {
            KeyNames.check(name);
        } catch (UsageException e) {
            throw new KeySourceException(e.getMessage());
        }
    }

    /** Created once; a failed creation is not remembered, so a later call reports it again (or succeeds). */
    private NexusKeyService service() {
        NexusKeyService s = service;
        if (s == null) {
            synchronized (this) {
                s = service;
                if (s == null) {
                    s = serviceFactory.get();
                    service = s;
                }
            }
        }
        return s;
    }
}
