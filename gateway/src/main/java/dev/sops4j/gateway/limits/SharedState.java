package dev.sops4j.gateway.limits;

import dev.sops4j.gateway.policy.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Replay and rate-limit state with its failure policy. When the shared store (Redis) does not answer, a
 * {@code strict} call (wrap: a replayed wrap token could re-key a file) always fails with {@link StateUnavailable};
 * other calls fail too under {@link OnError#DENY} (the default), or use this replica's in-memory state under
 * {@link OnError#ALLOW_LOCAL}. Recovery needs nothing: the next call that reaches the store uses it again.
 */
public final class SharedState {
    /** {@code state.onError}: what unwrap and read-secret do while the shared store is unreachable. */
    public enum OnError {
        DENY, ALLOW_LOCAL;

        public static Optional<OnError> parse(String s) {
            return switch (s) {
                case "deny" -> Optional.of(DENY);
                case "allow-local" -> Optional.of(ALLOW_LOCAL);
                default -> Optional.empty();
            };
        }
    }

    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private final ReplayStore replays;
    private final RateLimiter limiter;
    private final BooleanSupplier ping;
    private final boolean shared;
    private final OnError onError;
    private final ReplayStore localReplays;
    private final RateLimiter localLimiter;
    private final Clock clock;
    private Instant lastProbe = Instant.EPOCH;
    private boolean reachable = true;

    public SharedState(ReplayStore replays, RateLimiter limiter, BooleanSupplier ping, OnError onError, Clock clock) {
        this(replays, limiter, ping, true, onError, clock);
    }

    private SharedState(ReplayStore replays, RateLimiter limiter, BooleanSupplier ping, boolean shared,
                        OnError onError, Clock clock) {
        this.replays = replays;
        this.limiter = limiter;
        this.ping = ping;
        this.shared = shared;
        this.onError = onError;
        this.clock = clock;
        this.localReplays = new InMemoryReplayStore(clock);
        this.localLimiter = new InMemoryRateLimiter(clock);
    }

    /** The single-replica default: everything in this process, never unavailable. */
    public static SharedState inMemory(Clock clock) {
        return new SharedState(new InMemoryReplayStore(clock), new InMemoryRateLimiter(clock), () -> true, false,
                OnError.DENY, clock);
    }

    /** Whether the state is shared by several replicas (shown by {@code /readyz}). */
    public boolean shared() {
        return shared;
    }

    public boolean firstUse(String id, Instant keepUntil, boolean strict) {
        try {
            boolean first = replays.firstUse(id, keepUntil);
            reached();
            return first;
        } catch (StateUnavailable e) {
            failed();
            if (strict || onError == OnError.DENY) {
                throw e;
            }
            return localReplays.firstUse(id, keepUntil);
        }
    }

    public Optional<Duration> acquire(String key, RateLimit limit, boolean strict) {
        try {
            Optional<Duration> wait = limiter.acquire(key, limit);
            reached();
            return wait;
        } catch (StateUnavailable e) {
            failed();
            if (strict || onError == OnError.DENY) {
                throw e;
            }
            return localLimiter.acquire(key, limit);
        }
    }

    /** For {@code /readyz}: the store answered its last call or probe; probed at most once a second. */
    public synchronized boolean reachable() {
        Instant now = clock.instant();
        if (!now.isBefore(lastProbe.plus(PROBE_EVERY))) {
            lastProbe = now;
            reachable = ping.getAsBoolean();
        }
        return reachable;
    }

    private synchronized void reached() {
        reachable = true;
    }

    private synchronized void failed() {
        reachable = false;
        lastProbe = clock.instant();
    }
}
