package dev.sops4j.gateway.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A suspicious-activity finding. {@code subject} is who it is about (a {@code sub}, repository or project id, or an
 * unconfigured issuer URL); never a token or key material.
 */
public record Alert(Instant time, String name, String subject, int count, Duration window) {
    public static final String DENIAL_BURST = "denial_burst";
    public static final String INVALID_TOKEN_BURST = "invalid_token_burst";
    public static final String MANY_KEYS = "many_distinct_keys";
    public static final String REPLAYED_JTI = "replayed_jti";
    public static final String UNCONFIGURED_ISSUER = "unconfigured_issuer";
    public static final String AUDIT_FAILED = "audit_failed";

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", time.toString());
        m.put("flagged", true);
        m.put("alert", name);
        m.put("subject", subject);
        m.put("count", count);
        m.put("windowSeconds", window.toSeconds());
        return m;
    }
}
