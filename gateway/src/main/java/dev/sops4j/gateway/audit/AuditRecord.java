package dev.sops4j.gateway.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request's audit line. Only identifying claims, hashes and outcomes: there is deliberately no field that could
 * hold the token, a data key, a KEK or a secret value.
 */
public record AuditRecord(Instant time, String route, String decision, int status, String reason, String ruleId,
                          String issuer, String sub, String repositoryId, String projectId, String runId,
                          String pipelineId, String jtiHash, String action, String key, String nexusStatus,
                          long latencyMs) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", time.toString());
        m.put("route", route);
        m.put("decision", decision);
        m.put("status", status);
        put(m, "reason", reason);
        put(m, "ruleId", ruleId);
        put(m, "issuer", issuer);
        put(m, "sub", sub);
        put(m, "repositoryId", repositoryId);
        put(m, "projectId", projectId);
        put(m, "runId", runId);
        put(m, "pipelineId", pipelineId);
        put(m, "jtiHash", jtiHash);
        put(m, "action", action);
        put(m, "key", key);
        put(m, "nexusStatus", nexusStatus);
        m.put("latencyMs", latencyMs);
        return m;
    }

    private static void put(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }
}
