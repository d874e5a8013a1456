package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.nexus.fake.FakeNexusServer;
import io.spiffe.workloadapi.X509Source;
import java.net.URI;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake answers what the real SPIKE Nexus answers ({@link NexusWireContract}), plus its own TLS limits. */
class FakeNexusWireTest extends NexusWireContract {
    private final Testbed bed = new Testbed();
    private final FakeNexusServer notReady = FakeNexusServer.start(bed.pki.issue(Testbed.NEXUS_ID));

    FakeNexusWireTest() {
        notReady.notReady(true);
    }

    @AfterEach
    void stop() {
        bed.close();
        notReady.close();
    }

    @Override
    URI url() {
        return bed.url();
    }

    @Override
    URI notReadyUrl() {
        return notReady.url();
    }

    @Override
    X509Source superuser() {
        return bed.pki.issue(Testbed.SUPERUSER).source();
    }

    @Override
    X509Source notReadySuperuser() {
        return superuser();
    }

    @Override
    X509Source stranger() {
        return bed.pki.issue(Testbed.INTRUDER).source();
    }

    @Test
    void speaksTls13WithAesGcmOverHttp11() throws Exception {
        var r = send(http(superuser(), true), url(), "POST", "/v1/store/secrets?action=list", "{}");
        assertEquals("{\"keys\":[]}", r.body());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals("TLSv1.3", r.sslSession().orElseThrow().getProtocol());
        assertEquals(true, r.sslSession().orElseThrow().getCipherSuite().contains("_GCM_"));
    }

    @Test
    void becomesReadyAgain() throws Exception {
        notReady.notReady(false);
        var r = send(http(superuser(), true), notReadyUrl(), "POST", "/v1/store/secrets?action=list", "{}");
        assertEquals("200 {\"keys\":[]}", r.statusCode() + " " + r.body());
    }
}
