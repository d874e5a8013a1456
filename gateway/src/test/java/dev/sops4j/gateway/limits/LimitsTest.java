package dev.sops4j.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.gateway.audit.Alert;
import dev.sops4j.gateway.audit.AlertThresholds;
import dev.sops4j.gateway.audit.SuspicionDetector;
import dev.sops4j.gateway.policy.RateLimit;
import dev.sops4j.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T20:00:00Z"));

    @Test
    void bucketRefillsAtTheConfiguredRate() {
        InMemoryRateLimiter l = new InMemoryRateLimiter(clock);
        RateLimit r = RateLimit.parse("t", "6/m", 2);
        assertEquals(Optional.empty(), l.acquire("k", r));
        assertEquals(Optional.empty(), l.acquire("k", r));
        assertEquals(Optional.of(Duration.ofSeconds(10)), l.acquire("k", r));
        assertEquals(Optional.empty(), l.acquire("other", r)); // buckets are per key
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Optional.of(Duration.ofSeconds(6)), l.acquire("k", r));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(Optional.empty(), l.acquire("k", r));
        assertTrue(l.acquire("k", r).isPresent());
    }

    @Property(tries = 100)
    void neverMoreThanBurstPlusRefill(@ForAll @IntRange(min = 1, max = 20) int burst,
                                      @ForAll @IntRange(min = 1, max = 120) int perMinute,
                                      @ForAll @IntRange(min = 0, max = 300) int seconds) {
        MutableClock c = new MutableClock(Instant.EPOCH);
        InMemoryRateLimiter l = new InMemoryRateLimiter(c);
        RateLimit r = RateLimit.parse("t", perMinute + "/m", burst);
        int granted = 0;
        // Steps of 100 ms keep each step's refill below one token, so the burst cap never discards refill.
        for (int step = 0; step <= seconds * 10; step++) {
            while (l.acquire("k", r).isEmpty()) {
                granted++;
            }
            if (step < seconds * 10) {
                c.advance(Duration.ofMillis(100));
            }
        }
        long allowed = burst + (long) Math.floor(seconds * perMinute / 60.0);
        assertTrue(granted <= allowed, granted + " > " + allowed);
        // Sampling every 100 ms while the bucket sits at its cap loses at most one step's refill per token.
        long floor = (long) Math.floor(allowed - 1 - (allowed * (perMinute / 600.0) / Math.max(1, burst)));
        assertTrue(granted >= floor, granted + " < " + floor);
    }

    @Test
    void replayCacheForgetsOnlyAfterExpiry() {
        InMemoryReplayStore c = new InMemoryReplayStore(clock);
        Instant exp = clock.instant().plusSeconds(60);
        assertTrue(c.firstUse("gh\u0000j1", exp));
        assertFalse(c.firstUse("gh\u0000j1", exp));
        assertTrue(c.firstUse("gl\u0000j1", exp)); // same jti from another issuer is another token
        clock.advance(Duration.ofSeconds(61));
        assertTrue(c.firstUse("gh\u0000j1", clock.instant().plusSeconds(60)));
    }

    @Test
    void alertsFireOncePerWindowAndAgainAfterIt() {
        List<Alert> got = new ArrayList<>();
        SuspicionDetector d = new SuspicionDetector(new AlertThresholds(Duration.ofMinutes(5), 3, 0, 2, 1, 1), clock,
                List.of(got::add));
        d.denied(List.of("s"));
        d.denied(List.of("s"));
        assertEquals(0, got.size());
        d.denied(List.of("s"));
        d.denied(List.of("s"));
        assertEquals(1, got.size());
        assertEquals(new Alert(clock.instant(), "denial_burst", "s", 3, Duration.ofMinutes(5)), got.get(0));
        clock.advance(Duration.ofMinutes(6));
        d.denied(List.of("s"));
        assertEquals(1, got.size()); // the old events left the window
        d.denied(List.of("s"));
        d.denied(List.of("s"));
        assertEquals(2, got.size());
        d.invalidToken("x"); // threshold 0: off
        d.keyUsed("s", "a");
        d.keyUsed("s", "a");
        assertEquals(2, got.size());
        d.keyUsed("s", "b");
        assertEquals("many_distinct_keys", got.get(2).name());
    }
}
