package dev.sops4j.gateway.http;

import java.time.Duration;
import java.util.Optional;

/**
 * An RFC 9457 problem answer. {@code detail} is written for the caller and must never carry a rule id, a token or
 * key material.
 */
public record Problem(int status, String type, String title, String detail, String decision,
                      Optional<Duration> retryAfter, Optional<String> wwwAuthenticate) {
    static final String BASE = "urn:sops4j:gateway:problem:";

    static Problem invalidToken(String detail) {
        String desc = detail.replace("\\", "").replace("\"", "'");
        return new Problem(401, BASE + "invalid-token", "Invalid token", detail, "invalid_token", Optional.empty(),
                Optional.of("Bearer error=\"invalid_token\", error_description=\"" + desc + "\""));
    }

    static Problem forbidden() {
        return new Problem(403, BASE + "forbidden", "Forbidden", "the policy does not allow this request", "deny",
                Optional.empty(), Optional.empty());
    }

    static Problem rateLimited(Duration wait) {
        return new Problem(429, BASE + "rate-limited", "Too many requests", "rate limit exceeded; retry later",
                "rate_limited", Optional.of(wait), Optional.empty());
    }

    static Problem badRequest(String detail) {
        return new Problem(400, BASE + "bad-request", "Bad request", detail, "bad_request", Optional.empty(),
                Optional.empty());
    }

    static Problem notFound(String detail) {
        return new Problem(404, BASE + "not-found", "Not found", detail, "not_found", Optional.empty(),
                Optional.empty());
    }

    static Problem methodNotAllowed() {
        return new Problem(405, BASE + "method-not-allowed", "Method not allowed", "method not allowed for this path",
                "bad_request", Optional.empty(), Optional.empty());
    }

    static Problem unprocessable(String detail) {
        return new Problem(422, BASE + "unwrap-failed", "Data key does not unwrap", detail, "unwrap_failed",
                Optional.empty(), Optional.empty());
    }

    static Problem nexusUnavailable() {
        return new Problem(503, BASE + "nexus-unavailable", "Nexus unavailable",
                "the key store is not reachable or not ready; retry later", "unavailable",
                Optional.of(Duration.ofSeconds(5)), Optional.empty());
    }

    static Problem stateUnavailable() {
        return new Problem(503, BASE + "state-unavailable", "Shared state unavailable",
                "replay and rate-limit state is not reachable; retry later", "unavailable",
                Optional.of(Duration.ofSeconds(2)), Optional.empty());
    }

    static Problem auditUnavailable() {
        return new Problem(503, BASE + "audit-unavailable", "Audit unavailable",
                "the request could not be audited, so it was refused; retry later", "unavailable",
                Optional.of(Duration.ofSeconds(5)), Optional.empty());
    }

    static Problem nexusFailed() {
        return new Problem(502, BASE + "nexus-failed", "Nexus failed", "the key store refused or failed the request",
                "error", Optional.empty(), Optional.empty());
    }

    static Problem internal() {
        return new Problem(500, BASE + "internal", "Internal error", "internal error", "error", Optional.empty(),
                Optional.empty());
    }
}
