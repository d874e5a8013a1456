package dev.sops4j.gateway.http;

import dev.sops4j.gateway.audit.AuditRecord;
import dev.sops4j.gateway.audit.Hashes;
import dev.sops4j.gateway.policy.Claims;
import dev.sops4j.gateway.token.VerifiedToken;
import java.time.Instant;

/** What one request did, gathered as it goes, for its audit line and metrics. */
final class Call {
    final String route;
    final long startNanos = System.nanoTime();
    final Instant start;
    String decision = "error";
    int status;
    String reason;
    String ruleId;
    VerifiedToken token;
    String action;
    String key;
    String nexusStatus;

    Call(String route, Instant start) {
        this.route = route;
        this.start = start;
    }

    long latencyMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    AuditRecord record() {
        Claims c = token == null ? null : token.claims();
        return new AuditRecord(start, route, decision, status, reason, ruleId,
                token == null ? null : token.issuer().name(), claim(c, "sub"), claim(c, "repository_id"),
                claim(c, "project_id"), claim(c, "run_id"), claim(c, "pipeline_id"),
                token == null ? null : token.jti().map(Hashes::sha256Short).orElse(null), action, key, nexusStatus,
                latencyMs());
    }

    private static String claim(Claims c, String name) {
        return c == null ? null : c.text(name).orElse(null);
    }
}
