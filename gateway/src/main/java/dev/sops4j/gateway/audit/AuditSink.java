package dev.sops4j.gateway.audit;

import java.util.Map;

/** Where audit lines go. */
public interface AuditSink {
    /** Writes one JSON object as one line. */
    void write(Map<String, Object> line);
}
