package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.nexus.spiffe.NexusServerVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NexusSettingsTest {
    private static Environment env(Map<String, String> vars) {
        return new Environment(vars, Path.of("/home/u"), Path.of("/work/dir"));
    }

    @Test
    void defaultsMatchSpike() {
        NexusSettings s = NexusSettings.fromEnvironment(env(Map.of()));
        assertEquals(URI.create("https://localhost:8553"), s.apiUrl());
        assertEquals(List.of("spike.ist"), s.trustRoots());
        assertEquals("sops4j/kek/", s.pathPrefix());
        assertEquals(Optional.empty(), s.spiffeDir());
        assertEquals(Optional.empty(), s.socket());
    }

    @Test
    void readsEveryVariable() {
        NexusSettings s = NexusSettings.fromEnvironment(env(Map.of(
                "SPIKE_NEXUS_API_URL", "https://nexus.example:9443/",
                "SPIKE_TRUST_ROOT_NEXUS", " example.org, spike.ist ,",
                "SOPS4J_NEXUS_PATH_PREFIX", "secrets/sops/",
                "SOPS4J_SPIFFE_DIR", "svid",
                "SPIFFE_ENDPOINT_SOCKET", "unix:///run/spire/agent.sock")));
        assertEquals(URI.create("https://nexus.example:9443"), s.apiUrl());
        assertEquals(List.of("example.org", "spike.ist"), s.trustRoots());
        assertEquals("secrets/sops/", s.pathPrefix());
        assertEquals(Optional.of(Path.of("/work/dir/svid")), s.spiffeDir());
        assertEquals(Optional.of("unix:///run/spire/agent.sock"), s.socket());
    }

    @Test
    void prefixesAndNamesStayFreeOfRegexMetacharacters() {
        var e = assertThrows(UsageException.class, () -> NexusSettings.fromEnvironment(
                env(Map.of("SOPS4J_NEXUS_PATH_PREFIX", "a.b/"))));
        assertEquals("invalid Nexus path prefix 'a.b/': use segments of letters, digits, '_' or '-' ending in '/'",
                e.getMessage());
        assertThrows(UsageException.class, () -> NexusSettings.fromEnvironment(
                env(Map.of("SOPS4J_NEXUS_PATH_PREFIX", "no-slash"))));
        assertEquals("team-a/app", KeyNames.check("team-a/app"));
        for (String bad : new String[] {"", "/a", "a/", "a//b", "a.b", "a+b", "a b", "ä"}) {
            assertThrows(UsageException.class, () -> KeyNames.check(bad), bad);
        }
        assertEquals("p/team-a/app", KeyNames.path("p/", "team-a/app"));
        assertEquals("team-a/app", KeyNames.path("", "team-a/app"));
    }

    @Test
    void nexusIdRuleIsExactOrBelowForEachRoot() {
        var v = new NexusServerVerifier(List.of("spike.ist", "example.org"));
        assertTrue(v.isNexus("spiffe://spike.ist/spike/nexus"));
        assertTrue(v.isNexus("spiffe://example.org/spike/nexus/eu-1"));
        assertFalse(v.isNexus("spiffe://spike.ist/spike/nexus-evil"));
        assertFalse(v.isNexus("spiffe://spike.ist/spike/keeper"));
        assertFalse(v.isNexus("spiffe://other.org/spike/nexus"));
        assertFalse(v.isNexus("spiffe://spike.ist.evil/spike/nexus"));
    }
}
