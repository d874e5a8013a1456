package dev.sops4j.gateway.limits;

import dev.sops4j.gateway.policy.RateLimit;
import java.time.Duration;
import java.util.Optional;

/** Token buckets keyed by rule and caller: in this process, or shared by every replica. */
public interface RateLimiter {
    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @return empty when a token was taken; otherwise how long the caller should wait
     * @throws StateUnavailable when the shared store cannot be reached
     */
    Optional<Duration> acquire(String key, RateLimit limit);
}
