package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.client.NexusCallFailure;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.NexusStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every client failure carries a typed status, so callers (the gateway) never parse message wording. */
class NexusStatusTest {
    private final Testbed bed = new Testbed();

    @AfterEach
    void stop() {
        bed.close();
    }

    private static NexusStatus statusOf(Runnable r) {
        KeySourceException e = assertThrows(KeySourceException.class, r::run);
        return NexusStatus.of(e).orElseThrow(() -> new AssertionError("no status on: " + e.getMessage()));
    }

    private static int httpOf(Runnable r) {
        KeySourceException e = assertThrows(KeySourceException.class, r::run);
        return ((NexusCallFailure) e.getCause()).httpStatus();
    }

    @Test
    void answersFromNexus() {
        try (NexusClient su = bed.client(Testbed.SUPERUSER); NexusClient intruder = bed.client(Testbed.INTRUDER)) {
            assertEquals(NexusStatus.NOT_FOUND, statusOf(() -> su.getSecret("a/b", 3)));
            assertEquals(NexusStatus.BAD_REQUEST, statusOf(() -> su.putSecret("a/b", Map.of("bad:key", "v"))));
            assertEquals(NexusStatus.UNAUTHORIZED, statusOf(() -> intruder.putSecret("a/b", Map.of("k", "v"))));
            assertEquals(401, httpOf(() -> intruder.putSecret("a/b", Map.of("k", "v"))));
            bed.nexus.failNext(1, 500);
            assertEquals(NexusStatus.FAILED, statusOf(() -> su.findSecret("a/b", 0)));
            bed.nexus.failNext(1, 200);
            assertEquals(NexusStatus.FAILED, statusOf(() -> su.findSecret("a/b", 0)));
            bed.nexus.failNext(10, 503);
            assertEquals(NexusStatus.NOT_READY, statusOf(() -> su.findSecret("a/b", 0)));
        }
    }

    @Test
    void noAnswer() {
        try (var keeper = new Testbed("spiffe://spike.ist/spike/keeper");
             NexusClient c = keeper.client(Testbed.SUPERUSER)) {
            assertEquals(NexusStatus.TLS_HANDSHAKE, statusOf(() -> c.findSecret("a", 0)));
        }
        var s = new NexusSettings(java.net.URI.create("https://127.0.0.1:1"), List.of("spike.ist"), "p/",
                Optional.empty(), Optional.empty());
        try (NexusClient c = NexusClient.create(s, bed.pki.issue(Testbed.SUPERUSER).source(), false, bed.retry(1))) {
            assertEquals(NexusStatus.UNREACHABLE, statusOf(() -> c.findSecret("a", 0)));
            assertEquals(0, httpOf(() -> c.findSecret("a", 0)));
        }
    }

    @Test
    void onlyOutagesCountAsUnavailable() {
        assertEquals(List.of(NexusStatus.UNREACHABLE, NexusStatus.TLS_HANDSHAKE, NexusStatus.NOT_READY,
                NexusStatus.INTERRUPTED), java.util.Arrays.stream(NexusStatus.values())
                .filter(NexusStatus::unavailable).toList());
        assertFalse(NexusStatus.of(new KeySourceException("not from the client")).isPresent());
        assertTrue(NexusStatus.of(new IllegalStateException(new KeySourceException("x"))).isEmpty());
    }
}
