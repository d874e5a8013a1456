package dev.sops4j.nexus.client;

import java.time.Duration;

/**
 * How often and how patiently to retry when Nexus answers 503 {@code state_not_ready} (its root key is not loaded
 * yet, typically right after a restart). Nothing else is retried: 4xx answers are final.
 *
 * @param attempts total tries including the first, at least 1
 * @param initial  wait before the second try; doubles each time
 * @param max      cap on one wait
 * @param sleeper  how to wait (tests pass one that records instead of sleeping)
 */
public record RetryPolicy(int attempts, Duration initial, Duration max, Sleeper sleeper) {

    /** Waits; a seam so that tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
    }

    /** 5 tries over about 6 seconds. */
    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofMillis(400), Duration.ofSeconds(3), d -> Thread.sleep(d.toMillis()));
    }

    Duration delayBefore(int attempt) {
        long ms = initial.toMillis() << Math.min(attempt - 2, 20);
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }
}
