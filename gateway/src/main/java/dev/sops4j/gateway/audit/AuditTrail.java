package dev.sops4j.gateway.audit;

import java.util.List;
import java.util.Map;

/**
 * Every configured sink; a line is recorded when at least one sink accepts it. When none does, {@link #write}
 * throws {@link AuditFailed}, and the request is refused (fail closed) unless {@code audit.failClosed: false}.
 */
public final class AuditTrail implements AuditSink {
    private final List<AuditSink> sinks;

    public AuditTrail(List<AuditSink> sinks) {
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("an audit trail needs a sink");
        }
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void write(Map<String, Object> line) {
        RuntimeException last = null;
        boolean accepted = false;
        for (AuditSink s : sinks) {
            try {
                s.write(line);
                accepted = true;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (!accepted) {
            throw new AuditFailed(last);
        }
    }

    /** No sink accepted an audit line. */
    public static final class AuditFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AuditFailed(Throwable cause) {
            super("no audit sink accepted the record", cause);
        }
    }
}
