package dev.sops4j.nexus;

import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.RetryPolicy;
import dev.sops4j.nexus.fake.FakeNexusServer;
import dev.sops4j.nexus.fake.TestPki;
import io.spiffe.workloadapi.X509Source;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake Nexus in a fresh trust domain plus helpers to make clients for any SPIFFE ID. */
final class Testbed implements AutoCloseable {
    static final String TRUST_DOMAIN = "spike.ist";
    static final String NEXUS_ID = "spiffe://spike.ist/spike/nexus";
    static final String SUPERUSER = "spiffe://spike.ist/spike/pilot/role/superuser";
    static final String DEPLOYER = "spiffe://spike.ist/workload/deployer";
    static final String INTRUDER = "spiffe://spike.ist/workload/intruder";
    static final String PREFIX = "sops4j/kek/";

    final TestPki pki = TestPki.create(TRUST_DOMAIN);
    final FakeNexusServer nexus;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    Testbed() {
        this(NEXUS_ID);
    }

    Testbed(String serverId) {
        nexus = FakeNexusServer.start(pki.issue(serverId));
    }

    NexusSettings settings(String... roots) {
        return new NexusSettings(nexus.url(), roots.length == 0 ? List.of(TRUST_DOMAIN) : List.of(roots), PREFIX,
                Optional.empty(), Optional.empty());
    }

    RetryPolicy retry(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(400), Duration.ofSeconds(3), sleeps::add);
    }

    NexusClient client(String spiffeId) {
        return client(pki.issue(spiffeId).source());
    }

    NexusClient client(X509Source source) {
        return NexusClient.create(settings(), source, false, retry(5));
    }

    NexusKeyAdmin admin() {
        return new NexusKeyAdmin(client(SUPERUSER), PREFIX);
    }

    NexusKeySource keySource(String spiffeId) {
        return new NexusKeySource(client(spiffeId), PREFIX);
    }

    /** Lets the deployer read every keyset under team-a/. */
    void grantDeployerRead() {
        nexus.allow("deployer-read", "^spiffe://spike\\.ist/workload/deployer$", "^sops4j/kek/team-a/", "read");
    }

    URI url() {
        return nexus.url();
    }

    @Override
    public void close() {
        nexus.close();
    }
}
