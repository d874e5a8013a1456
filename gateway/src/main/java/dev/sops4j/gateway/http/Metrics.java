package dev.sops4j.gateway.http;

import dev.sops4j.gateway.token.JwksEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The gateway's metrics, kept and rendered by the Prometheus Java client (text format 0.0.4), plus the client's JVM
 * and process metrics ({@code jvm_*}, {@code process_*}). One registry per server, so two gateways in one JVM (tests)
 * do not share counters. Names are those of the hand-written exposition this replaced, plus
 * {@code sops4j_gateway_state_errors_total} and {@code sops4j_gateway_audit_failures_total}.
 */
public final class Metrics implements JwksEvents {
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = counter("sops4j_gateway_requests_total", "Requests by route and decision.",
            "route", "decision");
    private final Histogram latency = Histogram.builder().name("sops4j_gateway_request_duration_seconds")
            .help("Request latency by route.").labelNames("route").classicOnly().classicUpperBounds(BUCKETS)
            .register(registry);
    private final Counter nexusErrors = counter("sops4j_gateway_nexus_errors_total",
            "Nexus calls that failed, by kind.", "kind");
    private final Counter jwksErrors = counter("sops4j_gateway_jwks_errors_total",
            "Discovery or JWKS fetches that failed, by issuer.", "issuer");
    private final Counter jwksFetches = counter("sops4j_gateway_jwks_fetches_total", "JWKS fetches, by issuer.",
            "issuer");
    private final Counter rejections = counter("sops4j_gateway_token_rejections_total",
            "Rejected bearer tokens, by reason.", "reason");
    private final Counter alerts = counter("sops4j_gateway_alerts_total",
            "Suspicious-activity alerts raised, by alert.", "alert");
    private final Counter stateErrors = counter("sops4j_gateway_state_errors_total",
            "Calls to the shared replay/rate-limit store (Redis) that failed.");
    private final Counter auditFailures = counter("sops4j_gateway_audit_failures_total",
            "Audit records that no sink accepted.");

    public Metrics() {
        JvmMetrics.builder().register(registry);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    public void request(String route, String decision, double seconds) {
        requests.labelValues(route, decision).inc();
        latency.labelValues(route).observe(seconds);
    }

    public void nexusError(String kind) {
        nexusErrors.labelValues(kind).inc();
    }

    public void stateError() {
        stateErrors.inc();
    }

    public void auditFailure() {
        auditFailures.inc();
    }

    public void tokenRejected(String reason) {
        rejections.labelValues(reason).inc();
    }

    public void alert(String name) {
        alerts.labelValues(name).inc();
    }

    @Override
    public void fetched(String issuerName) {
        jwksFetches.labelValues(issuerName).inc();
    }

    @Override
    public void failed(String issuerName) {
        jwksErrors.labelValues(issuerName).inc();
    }

    /** Current value of one request counter; for tests and whoami-style debugging. */
    public long requests(String route, String decision) {
        return (long) requests.labelValues(route, decision).get();
    }

    public String contentType() {
        return writer.getContentType();
    }

    public String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
