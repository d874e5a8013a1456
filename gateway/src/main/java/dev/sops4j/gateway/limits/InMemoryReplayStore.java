package dev.sops4j.gateway.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers token ids in this process until the token expires (plus skew). The default store, for ONE replica only:
 * a second replica has its own memory and would accept the same token once more, and a restarted gateway forgets.
 * Several replicas share a {@link dev.sops4j.gateway.limits.redis.RedisReplayStore} instead.
 */
public final class InMemoryReplayStore implements ReplayStore {
    private static final int PURGE_EVERY = 1024;
    private final Clock clock;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private int calls;

    public InMemoryReplayStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String id, Instant keepUntil) {
        Instant now = clock.instant();
        purgeSometimes(now);
        Instant prev = seen.putIfAbsent(id, keepUntil);
        if (prev == null) {
            return true;
        }
        if (prev.isBefore(now)) {
            // Expired entry not yet purged: the token itself is expired too, so treat this as a first use.
            seen.put(id, keepUntil);
            return true;
        }
        return false;
    }

    private void purgeSometimes(Instant now) {
        boolean purge;
        synchronized (this) {
            purge = ++calls % PURGE_EVERY == 0;
        }
        if (purge) {
            seen.values().removeIf(t -> t.isBefore(now));
        }
    }
}
