package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.Policy;
import dev.sops4j.nexus.client.SecretMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's mapping of SPIKE answers and its TLS rules, against the fake Nexus. */
class NexusClientTest {
    private final Testbed bed = new Testbed();

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void notFoundIsEmptyForFindAndAnErrorForGet() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            assertEquals(Optional.empty(), c.findSecret("a/b", 0));
            assertEquals(Optional.empty(), c.findMetadata("a/b"));
            var e = assertThrows(KeySourceException.class, () -> c.getSecret("a/b", 3));
            assertEquals("version 3 of secret a/b does not exist in Nexus (never written, deleted or pruned)"
                    + " (HTTP 404 api_not_found)", e.getMessage());
            var current = assertThrows(KeySourceException.class, () -> c.getSecret("a/b", 0));
            assertEquals("secret a/b does not exist in Nexus (or all its versions are deleted) (HTTP 404 api_not_found)",
                    current.getMessage());
            var d = assertThrows(KeySourceException.class, () -> c.deleteVersions("a/b", List.of()));
            assertEquals("secret a/b does not exist in Nexus (HTTP 404 api_not_found)", d.getMessage());
        }
    }

    @Test
    void badRequestIsReportedWithoutRetry() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            var e = assertThrows(KeySourceException.class, () -> c.putSecret("a/b", Map.of("bad:key", "v")));
            assertEquals("Nexus rejected the request as invalid: write secret a/b (HTTP 400 api_bad_request)",
                    e.getMessage());
            assertEquals(1, bed.nexus.requests("/v1/store/secrets", ""));
            assertEquals(List.of(), bed.sleeps);
        }
    }

    @Test
    void unauthorizedNamesTheCallerAndIsNotRetried() {
        try (NexusClient c = bed.client(Testbed.INTRUDER)) {
            var e = assertThrows(KeySourceException.class, () -> c.putSecret("a/b", Map.of("k", "v")));
            assertEquals("not authorized by Nexus: spiffe://spike.ist/workload/intruder may not write secret a/b "
                    + "(HTTP 401 access_unauthorized)", e.getMessage());
            assertEquals(1, bed.nexus.totalRequests());
        }
    }

    @Test
    void notReadyIsRetriedWithBackoff() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            c.putSecret("a/b", Map.of("k", "v"));
            bed.nexus.failNext(3, 503);
            assertEquals(Map.of("k", "v"), c.getSecret("a/b", 0));
            assertEquals(List.of(Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600)), bed.sleeps);
            assertEquals(4, bed.nexus.requests("/v1/store/secrets", "get"));
        }
    }

    @Test
    void notReadyGivesUpAfterTheLastAttempt() {
        try (NexusClient c = NexusClient.create(bed.settings(), bed.pki.issue(Testbed.SUPERUSER).source(), false,
                bed.retry(3))) {
            bed.nexus.failNext(10, 503);
            var e = assertThrows(KeySourceException.class, () -> c.getSecret("a/b", 0));
            assertEquals("Nexus is not initialised: " + bed.url() + " has not recovered its root key from SPIKE "
                    + "Keepers (or been bootstrapped) yet; read secret a/b failed after 3 attempts (HTTP 503 "
                    + "state_not_ready)", e.getMessage());
            assertEquals(List.of(Duration.ofMillis(400), Duration.ofMillis(800)), bed.sleeps);
        }
    }

    @Test
    void otherStatusesAreFailuresWithTheirCode() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            bed.nexus.failNext(1, 500);
            var e = assertThrows(KeySourceException.class, () -> c.listSecrets());
            assertEquals("Nexus failed: list secrets (HTTP 500 api_internal_error)", e.getMessage());
        }
    }

    @Test
    void anErrInA200AnswerIsStillAnError() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            bed.nexus.failNext(1, 200);
            var e = assertThrows(KeySourceException.class, () -> c.findSecret("a", 0));
            assertEquals("Nexus reported an error for: read secret a (api_internal_error)", e.getMessage());
        }
    }

    @Test
    void secretVersionsFollowSpikeSemantics() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            c.putSecret("x/k", Map.of("v", "1"));
            c.putSecret("x/k", Map.of("v", "2"));
            c.putSecret("x/k", Map.of("v", "3"));
            assertEquals(Map.of("v", "3"), c.getSecret("x/k", 0));
            assertEquals(Map.of("v", "1"), c.getSecret("x/k", 1));
            c.deleteVersions("x/k", List.of());
            SecretMetadata m = c.findMetadata("x/k").orElseThrow();
            assertEquals(2, m.currentVersion());
            assertTrue(m.versions().get(3).deleted());
            assertFalse(m.versions().get(2).deleted());
            assertEquals(Map.of("v", "2"), c.getSecret("x/k", 0));
            assertEquals(Optional.empty(), c.findSecret("x/k", 3));
            c.putSecret("x/k", Map.of("v", "4")); // current + 1 = 3 again? No: current was 2, so version 3 is reused
            assertEquals(Map.of("v", "4"), c.getSecret("x/k", 0));
            assertEquals(3, c.findMetadata("x/k").orElseThrow().currentVersion());
            c.deleteVersions("x/k", List.of(1, 2, 3));
            assertEquals(Optional.empty(), c.findMetadata("x/k")); // SPIKE: no metadata once every version is deleted
            assertEquals(Optional.empty(), c.findSecret("x/k", 0));
            c.undeleteVersions("x/k", List.of());
            assertEquals(Map.of("v", "4"), c.getSecret("x/k", 0));
            assertEquals(List.of("x/k"), c.listSecrets());
        }
    }

    @Test
    void oldVersionsArePrunedBeyondTen() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            for (int i = 1; i <= 12; i++) {
                c.putSecret("p/k", Map.of("v", Integer.toString(i)));
            }
            SecretMetadata m = c.findMetadata("p/k").orElseThrow();
            assertEquals(12, m.currentVersion());
            assertEquals(3, m.oldestVersion());
            assertEquals(10, m.maxVersions());
            assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12), List.copyOf(m.versions().keySet()));
            assertEquals(Optional.empty(), c.findSecret("p/k", 2));
        }
    }

    @Test
    void policiesRoundTripInBothListShapes() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            Policy p = new Policy("sops-deployer", "^spiffe://spike\\.ist/workload/deployer$", "^sops4j/kek/team-a/",
                    List.of("read"));
            c.putPolicy(p);
            assertEquals(Optional.of(p), c.findPolicy("sops-deployer"));
            assertEquals(List.of("sops-deployer"), c.listPolicyNames());
            bed.nexus.useLegacyPolicyListShape(true);
            assertEquals(List.of("sops-deployer"), c.listPolicyNames());
            c.deletePolicy("sops-deployer");
            assertEquals(Optional.empty(), c.findPolicy("sops-deployer"));
        }
    }

    @Test
    void policyPatternsNexusCannotCompileAreInternalErrors() {
        try (NexusClient c = bed.client(Testbed.SUPERUSER)) {
            var e = assertThrows(KeySourceException.class, () -> c.putPolicy(new Policy("p",
                    "^spiffe://spike\\.ist/x$", "^(a)\\1$", List.of("read"))));
            assertEquals("Nexus could not store policy 'p': a pattern is not a valid RE2 regular expression, or the"
                    + " path pattern matches part of a reserved spike/system/ path (HTTP 500 api_internal_error)",
                    e.getMessage());
            var bad = assertThrows(KeySourceException.class, () -> c.putPolicy(new Policy("p",
                    "^spiffe://spike\\.ist/x$", "^a$", List.of("sudo"))));
            assertEquals("Nexus refused policy 'p': its name or a pattern uses characters outside SPIKE's alphabet,"
                    + " or its permissions are invalid (HTTP 400 api_bad_request)", bad.getMessage());
        }
    }

    @Test
    void unanchoredPolicyPatternsMatchSubstringsLikeSpike() {
        bed.nexus.allow("loose", "spiffe://spike\\.ist/.*workload/deployer", "team-a", "read");
        bed.nexus.putDirect("sops4j/kek/not-team-a-really", Map.of("k", "v"));
        try (NexusClient c = bed.client("spiffe://spike.ist/evil/workload/deployer-2")) {
            assertEquals(Map.of("k", "v"), c.getSecret("sops4j/kek/not-team-a-really", 0));
        }
    }

    @Test
    void reservedPathsNeedFullyMatchingPolicies() {
        // a path pattern reaching part of a reserved path is refused at put (500); an unanchored ID pattern is
        // stored but does not count for reserved paths
        bed.nexus.allow("loose-acl", "spiffe://spike\\.ist/workload/auditor", "^spike/system/acl$", "list");
        try (NexusClient c = bed.client("spiffe://spike.ist/workload/auditor")) {
            assertThrows(KeySourceException.class, c::listPolicyNames);
            bed.nexus.allow("exact-acl", "^spiffe://spike\\.ist/workload/auditor$", "^spike/system/acl$", "list");
            assertEquals(List.of("exact-acl", "loose-acl"), c.listPolicyNames());
        }
    }

    @Test
    void liteWorkloadsAreDeniedSecrets() {
        bed.nexus.allow("all", "spiffe://.*", ".*", "super");
        try (NexusClient c = bed.client("spiffe://spike.ist/spike/workload/role/lite")) {
            var e = assertThrows(KeySourceException.class, () -> c.findSecret("a", 0));
            assertTrue(e.getMessage().startsWith("not authorized by Nexus: "), e.getMessage());
        }
    }

    @Test
    void refusesAServerThatIsNotNexus() {
        try (var keeper = new Testbed("spiffe://spike.ist/spike/keeper");
             NexusClient c = keeper.client(Testbed.SUPERUSER)) {
            var e = assertThrows(KeySourceException.class, () -> c.findSecret("a", 0));
            assertEquals("TLS handshake with Nexus at " + keeper.url() + " failed (read secret a): server SPIFFE ID "
                    + "spiffe://spike.ist/spike/keeper is not SPIKE Nexus (expected spiffe://<root>/spike/nexus for "
                    + "roots spike.ist)", e.getMessage());
            assertEquals(0, keeper.nexus.totalRequests());
        }
    }

    @Test
    void acceptsNexusInstancesBelowTheNexusPathAndOtherConfiguredRoots() {
        try (var sub = new Testbed("spiffe://spike.ist/spike/nexus/replica-2");
             NexusClient c = sub.client(Testbed.SUPERUSER)) {
            assertEquals(Optional.empty(), c.findSecret("a", 0));
        }
        try (var other = new Testbed();
             NexusClient c = NexusClient.create(other.settings("example.org"),
                     other.pki.issue(Testbed.SUPERUSER).source(), false, other.retry(1))) {
            var e = assertThrows(KeySourceException.class, () -> c.findSecret("a", 0));
            assertTrue(e.getMessage().startsWith("TLS handshake with Nexus"), e.getMessage());
        }
    }

    @Test
    void unreachableNexusIsOneLine() {
        var s = new NexusSettings(java.net.URI.create("https://127.0.0.1:1"), List.of("spike.ist"), "p/",
                Optional.empty(), Optional.empty());
        try (NexusClient c = NexusClient.create(s, bed.pki.issue(Testbed.SUPERUSER).source(), false, bed.retry(1))) {
            var e = assertThrows(KeySourceException.class, () -> c.findSecret("a", 0));
            assertEquals("cannot reach Nexus at https://127.0.0.1:1 (read secret a): connection refused or unreachable",
                    e.getMessage());
        }
    }

    @Test
    void refusesAServerFromAnotherTrustDomainCa() {
        var foreign = dev.sops4j.nexus.fake.TestPki.create("spike.ist"); // same name, different CA
        try (NexusClient c = NexusClient.create(bed.settings(), foreign.issue(Testbed.SUPERUSER).source(), false,
                bed.retry(1))) {
            var e = assertThrows(KeySourceException.class, () -> c.findSecret("a", 0));
            assertTrue(e.getMessage().startsWith("TLS handshake with Nexus")
                    || e.getMessage().startsWith("cannot reach Nexus"), e.getMessage());
            assertEquals(0, bed.nexus.totalRequests());
        }
    }
}
