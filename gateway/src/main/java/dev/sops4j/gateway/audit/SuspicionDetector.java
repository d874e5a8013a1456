package dev.sops4j.gateway.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding-window counters over access patterns. An alert fires when a subject's count within the window reaches the
 * threshold, and then not again for that subject and alert until a full window has passed, so a sustained attack
 * produces one alert per window instead of one per request.
 */
public final class SuspicionDetector {
    private static final int MAX_SUBJECTS = 50_000;
    private final AlertThresholds t;
    private final Clock clock;
    private final List<AlertListener> listeners;
    private final Map<String, Deque<Instant>> events = new HashMap<>();
    private final Map<String, Map<String, Instant>> keysBySubject = new HashMap<>();
    private final Map<String, Instant> lastAlert = new HashMap<>();

    public SuspicionDetector(AlertThresholds thresholds, Clock clock, List<AlertListener> listeners) {
        this.t = thresholds;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    public void denied(List<String> subjects) {
        subjects.forEach(s -> count(Alert.DENIAL_BURST, s, t.denials()));
    }

    public void invalidToken(String subject) {
        count(Alert.INVALID_TOKEN_BURST, subject, t.invalidTokens());
    }

    public void replayed(String subject) {
        count(Alert.REPLAYED_JTI, subject, t.replayedJti());
    }

    public void unconfiguredIssuer(String iss) {
        count(Alert.UNCONFIGURED_ISSUER, iss, t.unconfiguredIssuer());
    }

    public void keyUsed(String subject, String key) {
        if (t.distinctKeys() <= 0) {
            return;
        }
        Alert fire = null;
        synchronized (this) {
            Instant now = clock.instant();
            Map<String, Instant> keys = keysBySubject.computeIfAbsent(subject, s -> new HashMap<>());
            keys.put(key, now);
            keys.values().removeIf(seen -> !seen.isAfter(now.minus(t.window())));
            if (keys.size() >= t.distinctKeys()) {
                fire = maybeFire(Alert.MANY_KEYS, subject, keys.size(), now);
            }
            trim();
        }
        publish(fire);
    }

    private void count(String name, String subject, int threshold) {
        if (threshold <= 0 || subject == null || subject.isEmpty()) {
            return;
        }
        Alert fire = null;
        synchronized (this) {
            Instant now = clock.instant();
            Deque<Instant> q = events.computeIfAbsent(name + "\u0000" + subject, k -> new ArrayDeque<>());
            q.addLast(now);
            while (!q.isEmpty() && !q.peekFirst().isAfter(now.minus(t.window()))) {
                q.removeFirst();
            }
            if (q.size() >= threshold) {
                fire = maybeFire(name, subject, q.size(), now);
            }
            trim();
        }
        publish(fire);
    }

    private Alert maybeFire(String name, String subject, int n, Instant now) {
        String k = name + "\u0000" + subject;
        Instant prev = lastAlert.get(k);
        if (prev != null && prev.isAfter(now.minus(t.window()))) {
            return null;
        }
        lastAlert.put(k, now);
        return new Alert(now, name, subject, n, t.window());
    }

    /** No audit sink accepted a record: alert once per window (the audit itself cannot carry it). */
    public void auditFailed() {
        count(Alert.AUDIT_FAILED, "audit", 1);
    }

    private void publish(Alert a) {
        if (a != null) {
            for (AlertListener l : listeners) {
                try {
                    l.raised(a);
                } catch (RuntimeException e) {
                    // one listener failing (the audit file, say) must not keep the others from hearing it
                }
            }
        }
    }

    /** Bounds memory when many distinct subjects appear: drop windows that have gone quiet. */
    private void trim() {
        if (events.size() + keysBySubject.size() + lastAlert.size() < MAX_SUBJECTS) {
            return;
        }
        Instant cut = clock.instant().minus(t.window());
        events.values().removeIf(q -> q.isEmpty() || !q.peekLast().isAfter(cut));
        keysBySubject.values().removeIf(m -> m.values().stream().noneMatch(i -> i.isAfter(cut)));
        lastAlert.values().removeIf(i -> !i.isAfter(cut));
    }
}
