package dev.sops4j.gateway.http;

import dev.sops4j.gateway.kek.NexusGateway;
import dev.sops4j.gateway.token.TokenValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ready means: the policy is loaded (always true once the server runs: it does not start without one), every
 * issuer's JWKS has been fetched, Nexus answered recently, and every extra {@link Check} (the shared replay/rate
 * state, when configured) says so. Nexus is probed at most every {@code probeEvery}, so a busy readiness endpoint
 * does not load Nexus.
 */
public final class Readiness {
    private final TokenValidator tokens;
    private final NexusGateway nexus;
    private final String probePath;
    private final Duration probeEvery;
    private final Clock clock;
    private final List<Check> checks;
    private Instant lastProbe = Instant.EPOCH;
    private boolean nexusUp;
    private java.util.Optional<String> nexusProblem = java.util.Optional.empty();

    /** One more dependency {@code /readyz} reports under its {@code name}; {@link #ready} must be cheap. */
    public interface Check {
        String name();

        boolean ready();
    }

    public Readiness(TokenValidator tokens, NexusGateway nexus, String probePath, Duration probeEvery, Clock clock) {
        this(tokens, nexus, probePath, probeEvery, clock, List.of());
    }

    public Readiness(TokenValidator tokens, NexusGateway nexus, String probePath, Duration probeEvery, Clock clock,
                     List<Check> checks) {
        this.checks = List.copyOf(checks);
        this.tokens = tokens;
        this.nexus = nexus;
        this.probePath = probePath;
        this.probeEvery = probeEvery;
        this.clock = clock;
    }

    /** The answer to {@code /readyz}. */
    public record State(boolean policy, List<String> issuersWithoutKeys, boolean nexus, Map<String, Boolean> extra,
                        java.util.Optional<String> nexusProblem) {
        public State {
            extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        public boolean ready() {
            return policy && issuersWithoutKeys.isEmpty() && nexus && !extra.containsValue(false);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ready", ready());
            m.put("policy", policy);
            m.put("jwks", issuersWithoutKeys.isEmpty());
            if (!issuersWithoutKeys.isEmpty()) {
                m.put("issuersWithoutKeys", issuersWithoutKeys);
            }
            m.put("nexus", nexus);
            nexusProblem.ifPresent(p -> m.put("nexusProblem", p));
            m.putAll(extra);
            return m;
        }
    }

    public State state() {
        Map<String, Boolean> extra = new LinkedHashMap<>();
        for (Check c : checks) {
            extra.put(c.name(), c.ready());
        }
        boolean up = nexusUp();
        return new State(true, tokens.notReadyIssuers(), up, extra, up ? java.util.Optional.empty() : problem());
    }

    /** A request just found Nexus unavailable: report not ready until the next successful probe. */
    public synchronized void nexusFailed() {
        nexusUp = false;
        nexusProblem = java.util.Optional.of("unavailable");
        lastProbe = clock.instant();
    }

    private synchronized boolean nexusUp() {
        Instant now = clock.instant();
        if (lastProbe.equals(Instant.EPOCH) || !now.isBefore(lastProbe.plus(probeEvery))) {
            nexusProblem = nexus.unavailable(probePath);
            nexusUp = nexusProblem.isEmpty();
            lastProbe = now;
        }
        return nexusUp;
    }

    private synchronized java.util.Optional<String> problem() {
        return nexusProblem;
    }
}
