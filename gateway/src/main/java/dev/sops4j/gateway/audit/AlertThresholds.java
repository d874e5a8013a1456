package dev.sops4j.gateway.audit;

import java.time.Duration;

/**
 * When to raise each alert: {@code n} events for one subject within {@code window}; 0 turns an alert off.
 *
 * @param denials            policy denials (403) per subject or repository/project
 * @param invalidTokens      rejected tokens per (unverified) subject, or per client address when there is none
 * @param distinctKeys       distinct key names touched by one subject
 * @param replayedJti        replayed token ids per subject
 * @param unconfiguredIssuer tokens per unconfigured issuer URL
 */
public record AlertThresholds(Duration window, int denials, int invalidTokens, int distinctKeys, int replayedJti,
                              int unconfiguredIssuer) {
    public static AlertThresholds defaults() {
        return new AlertThresholds(Duration.ofMinutes(5), 10, 10, 20, 1, 1);
    }
}
