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
 * issuer's JWKS has been fetched, and Nexus answered recently. Nexus is probed at most every {@code probeEvery},
 * so a busy readiness endpoint does not load Nexus.
 */
public final class Readiness {
    private final TokenValidator tokens;
    private final NexusGateway nexus;
    private final String probePath;
    private final Duration probeEvery;
    private final Clock clock;
    private Instant lastProbe = Instant.EPOCH;
    private boolean nexusUp;

    public Readiness(TokenValidator tokens, NexusGateway nexus, String probePath, Duration probeEvery, Clock clock) {
        this.tokens = tokens;
        this.nexus = nexus;
        this.probePath = probePath;
        this.probeEvery = probeEvery;
        this.clock = clock;
    }

    /** The answer to {@code /readyz}. */
    public record State(boolean policy, List<String> issuersWithoutKeys, boolean nexus) {
        public boolean ready() {
            return policy && issuersWithoutKeys.isEmpty() && nexus;
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
            return m;
        }
    }

    public State state() {
        return new State(true, tokens.notReadyIssuers(), nexusUp());
    }

    /** A request just found Nexus unavailable: report not ready until the next successful probe. */
    public synchronized void nexusFailed() {
        nexusUp = false;
        lastProbe = clock.instant();
    }

    private synchronized boolean nexusUp() {
        Instant now = clock.instant();
        if (lastProbe.equals(Instant.EPOCH) || !now.isBefore(lastProbe.plus(probeEvery))) {
            nexusUp = nexus.reachable(probePath);
            lastProbe = now;
        }
        return nexusUp;
    }
}
