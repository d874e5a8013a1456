package dev.sops4j.gateway.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers token ids until the token expires (plus skew), so each token can be used once for protected actions.
 * In memory only: a restarted gateway forgets, which bounds replay to tokens issued before the restart and still
 * valid; deployments with several replicas should keep tokens short-lived.
 */
public final class ReplayCache {
    private static final int PURGE_EVERY = 1024;
    private final Clock clock;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private int calls;

    public ReplayCache(Clock clock) {
        this.clock = clock;
    }

    /** True the first time {@code id} is offered before {@code keepUntil}; false for a replay. */
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
