package dev.sops4j.gateway.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.gateway.support.Harness;
import dev.sops4j.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keysets stay in memory no longer than the TTL; Nexus failures are sorted into 503 and 502 kinds. */
class KekCacheTest {
    private static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static int gets() {
        return h.nexus.requests("/v1/store/secrets", "get");
    }

    @Test
    void refetchesAfterTheTtl() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T20:00:00Z"));
        KekCache cache = new KekCache(new NexusGateway(h.client(Harness.GATEWAY_ID, 1)), Harness.KEY_PREFIX,
                Duration.ofSeconds(30), clock);
        int before = gets();
        assertTrue(cache.get("app/prod/db").isPresent());
        assertTrue(cache.get("app/prod/db").isPresent());
        assertEquals(before + 1, gets());
        clock.advance(Duration.ofSeconds(29));
        assertTrue(cache.get("app/prod/db").isPresent());
        assertEquals(before + 1, gets());
        clock.advance(Duration.ofSeconds(1));
        cache.purgeExpired();
        assertTrue(cache.get("app/prod/db").isPresent());
        assertEquals(before + 2, gets());
        assertTrue(cache.get("app/none").isEmpty());
    }

    @Test
    void sortsNexusFailures() {
        KekCache cache = new KekCache(new NexusGateway(h.client(Harness.GATEWAY_ID, 1)), Harness.KEY_PREFIX,
                Duration.ofSeconds(30), new MutableClock(Instant.EPOCH));
        h.nexus.failNext(1, 503);
        assertThrows(NexusUnavailable.class, () -> cache.get("app/ci/build"));
        h.nexus.failNext(1, 500);
        assertThrows(NexusFailure.class, () -> cache.get("app/ci/build"));
        // An identity Nexus does not authorise: 401 from Nexus is a failure, not an outage.
        KekCache stranger = new KekCache(new NexusGateway(h.client("spiffe://spike.ist/someone/else", 1)),
                Harness.KEY_PREFIX, Duration.ofSeconds(30), new MutableClock(Instant.EPOCH));
        assertThrows(NexusFailure.class, () -> stranger.get("app/ci/build"));
        assertTrue(cache.get("app/ci/build").isPresent());
    }
}
