package dev.sops4j.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sops4j.core.secret.SecretBytes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
    @Test
    void buildsOnFirstUseOnly() {
        AtomicInteger built = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
            built.incrementAndGet();
            return new Object();
        });
        assertEquals(0, built.get());
        Object first = lazy.get();
        assertSame(first, lazy.get());
        assertEquals(1, built.get());
    }

    @Test
    void createdAtIsWholeSecondsUtc() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-05T02:03:04.987654Z"), ZoneOffset.ofHours(2));
        assertEquals("2026-12-05T02:03:04Z", KeyTimes.createdNow(clock));
    }

    @Test
    void secretEncodesWithTheGivenEncoder() {
        try (SecretBytes s = SecretBytes.copyOf(new byte[] {(byte) 0xfb, (byte) 0xff, 1})) {
            assertEquals("+/8B", s.encode(Base64.getEncoder()));
            assertEquals("-_8B", s.encode(Base64.getUrlEncoder().withoutPadding()));
        }
    }
}
