package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.gateway.audit.AuditTrail;
import dev.sops4j.gateway.audit.FileAuditSink;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.support.Harness;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vault's rule: a request whose audit line no sink accepted is refused (unless audit.failClosed is false). */
class AuditFailClosedTest {
    private static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static FileAuditSink devFull() {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "no writable /dev/full here: skipped");
        return new FileAuditSink(Path.of("/dev/full"));
    }

    @Test
    void withTheAuditFileOnDevFullRequestsAre503AndAnAlertIsCounted() {
        try (FileAuditSink full = devFull();
             Gateway g = h.startGateway(GatewayConfig.State.inMemory(), new AuditTrail(List.of(full)), true)) {
            String t = h.github.rs256(h.github.github(Harness.AUD).build());
            HttpResponse<String> r = h.get(g, "/v1/whoami", t);
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"type\":\"urn:sops4j:gateway:problem:audit-unavailable\""), r.body());
            assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
            String metrics = h.get(g, "/metrics", null).body();
            assertTrue(metrics.contains("sops4j_gateway_audit_failures_total 1.0"), metrics);
            assertTrue(metrics.contains("sops4j_gateway_alerts_total{alert=\"audit_failed\"} 1.0"), metrics);
            // health endpoints are not audited, so the replica still answers them
            assertEquals(200, h.get(g, "/healthz", null).statusCode());
        }
    }

    @Test
    void failClosedFalseServesTheRequestAnyway() {
        try (FileAuditSink full = devFull();
             Gateway g = h.startGateway(GatewayConfig.State.inMemory(), new AuditTrail(List.of(full)), false)) {
            String t = h.github.rs256(h.github.github(Harness.AUD).build());
            assertEquals(200, h.get(g, "/v1/whoami", t).statusCode());
        }
    }

    @Test
    void oneWorkingSinkIsEnough() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (FileAuditSink full = devFull();
             Gateway g = h.startGateway(GatewayConfig.State.inMemory(),
                     new AuditTrail(List.of(full, new dev.sops4j.gateway.audit.JsonLinesSink(out))), true)) {
            String t = h.github.rs256(h.github.github(Harness.AUD).build());
            assertEquals(200, h.get(g, "/v1/whoami", t).statusCode());
            assertTrue(out.toString().contains("\"route\":\"/v1/whoami\""), out.toString());
        }
    }
}
