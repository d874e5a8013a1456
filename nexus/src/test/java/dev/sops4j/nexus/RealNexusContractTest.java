package dev.sops4j.nexus;

import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.RetryPolicy;
import dev.sops4j.nexus.real.RealNexus;
import dev.sops4j.nexus.spiffe.PemSvidSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's contract against the real SPIKE Nexus 0.8.2 (in-memory backend) with spike-devid issuing SVIDs,
 * started on loopback by {@link RealNexus}; skipped with a message when ../shared/tools is absent.
 */
class RealNexusContractTest extends NexusContract {
    @TempDir
    static Path dir;
    private static RealNexus nexus;
    private static Path writer;
    private static Path stranger;

    @BeforeAll
    static void start() {
        nexus = RealNexus.startOrSkip(dir);
        writer = nexus.issue(RealNexus.SUPERUSER, dir.resolve("su"));
        stranger = nexus.issue("spiffe://spike.ist/workload/stranger", dir.resolve("stranger"));
    }

    @AfterAll
    static void stop() {
        if (nexus != null) {
            nexus.close();
        }
    }

    private static NexusClient client(Path svid, String root) {
        var settings = new NexusSettings(URI.create(nexus.url().toString()), List.of(root), prefixOf(),
                Optional.empty(), Optional.empty());
        return NexusClient.create(settings, PemSvidSource.open(svid), true, new RetryPolicy(1, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10), d -> { }));
    }

    private static String prefixOf() {
        return "sops4j-contract/";
    }

    @Override
    NexusClient writer() {
        return client(writer, RealNexus.TRUST_DOMAIN);
    }

    @Override
    NexusClient admin() {
        return client(writer, RealNexus.TRUST_DOMAIN);
    }

    @Override
    NexusClient stranger() {
        return client(stranger, RealNexus.TRUST_DOMAIN);
    }

    @Override
    NexusClient expectingOtherRoot() {
        return client(writer, "not-the-nexus-root.invalid");
    }

    @Override
    String prefix() {
        return prefixOf();
    }
}
