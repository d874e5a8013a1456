package dev.sops4j.gateway.kek;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.KeyNames;
import dev.sops4j.nexus.kek.Kek;
import dev.sops4j.nexus.kek.KeysetDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key-encryption keysets fetched from Nexus and kept in memory for at most {@code ttl}, so a disabled or rotated
 * version takes effect within that time and a memory dump holds only recently used keys. Wrapping goes through the
 * nexus module's {@link Kek}, exactly as the CLI's Nexus key source does, so the two produce interchangeable files.
 */
public final class KekCache {
    private final NexusGateway nexus;
    private final String prefix;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    public KekCache(NexusGateway nexus, String pathPrefix, Duration ttl, Clock clock) {
        KeysetDocument.init();
        this.nexus = nexus;
        this.prefix = pathPrefix;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The keyset for {@code name}, or empty when Nexus has none. */
    public Optional<Kek> get(String name) {
        return slots.computeIfAbsent(name, n -> new Slot()).get(name);
    }

    /** Forgets keysets older than the TTL even if nobody asks for them again; the server calls this on a timer. */
    public void purgeExpired() {
        Instant now = clock.instant();
        slots.values().forEach(s -> s.purgeIfOlder(now));
    }

    /** Drops every cached keyset. */
    public void clear() {
        slots.clear();
    }

    private final class Slot {
        private Kek kek;
        private Instant fetched = Instant.EPOCH;

        synchronized void purgeIfOlder(Instant now) {
            if (kek != null && !now.isBefore(fetched.plus(ttl))) {
                kek = null;
            }
        }

        synchronized Optional<Kek> get(String name) {
            Instant now = clock.instant();
            if (kek != null && now.isBefore(fetched.plus(ttl))) {
                return Optional.of(kek);
            }
            kek = null;
            Optional<Map<String, String>> values = nexus.read(KeyNames.path(prefix, name));
            if (values.isEmpty()) {
                return Optional.empty();
            }
            try {
                kek = new Kek(name, KeysetDocument.fromValues(values.get(), "nexus key " + name));
            } catch (KeySourceException e) {
                throw new NexusFailure(e.getMessage(), e);
            }
            fetched = now;
            return Optional.of(kek);
        }
    }
}
