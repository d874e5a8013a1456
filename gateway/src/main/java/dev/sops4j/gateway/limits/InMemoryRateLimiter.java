package dev.sops4j.gateway.limits;

import dev.sops4j.gateway.policy.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in this process, one per (rule, caller) key. A bucket starts full ({@code burst}) and refills
 * continuously; an empty bucket answers with how long until the next token. The default limiter, for ONE replica:
 * N replicas would each allow the configured rate (use {@link dev.sops4j.gateway.limits.redis.RedisRateLimiter}).
 */
public final class InMemoryRateLimiter implements RateLimiter {
    private static final int MAX_BUCKETS = 100_000;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public InMemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Duration> acquire(String key, RateLimit limit) {
        if (buckets.size() > MAX_BUCKETS) {
            // Full buckets carry no state worth keeping; dropping them bounds memory under many distinct callers.
            long now = clock.millis();
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(limit, clock.millis())).take(clock.millis());
    }

    private static final class Bucket {
        private final RateLimit limit;
        private double tokens;
        private long last;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.last = now;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= limit.burst();
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            long waitMs = (long) Math.ceil((1 - tokens) / limit.perSecond() * 1000);
            return Optional.of(Duration.ofMillis(Math.max(1, waitMs)));
        }

        private void refill(long now) {
            if (now > last) {
                tokens = Math.min(limit.burst(), tokens + (now - last) / 1000.0 * limit.perSecond());
                last = now;
            }
        }
    }
}
