package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.nexus.real.RealNexus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SPIKE Nexus that is not initialised (SQLite backend, no Keepers): exit 128 and one line saying so. */
class RealNexusNotReadyE2ETest {
    @TempDir
    Path dir;

    @Test
    void notInitialisedIsExit128AndOneLine() throws Exception {
        try (RealNexus nexus = RealNexus.startNotReadyOrSkip(dir.resolve("nexus"))) {
            nexus.issue(RealNexus.SUPERUSER, dir.resolve("su"));
            Files.writeString(dir.resolve("plain.yaml"), "a: b\n");
            Map<String, String> env = Map.of("SPIKE_NEXUS_API_URL", nexus.url().toString(), "SPIKE_TRUST_ROOT_NEXUS",
                    RealNexus.TRUST_DOMAIN, "SOPS4J_SPIFFE_DIR", "su");
            String expected = "Nexus is not initialised: " + nexus.url() + " has not recovered its root key from "
                    + "SPIKE Keepers (or been bootstrapped) yet; ";
            CliProcess.Result key = CliProcess.run(dir, env, "nexus", "key", "versions", "team-a/app");
            assertEquals(128, key.code(), key.err());
            assertEquals(1, key.err().lines().count(), key.err());
            org.junit.jupiter.api.Assertions.assertTrue(key.err().contains(expected), key.err());
            CliProcess.Result enc = CliProcess.run(dir, env, "encrypt", "--nexus", "team-a/app", "plain.yaml");
            assertEquals(128, enc.code(), enc.err());
            assertEquals(1, enc.err().lines().count(), enc.err());
            org.junit.jupiter.api.Assertions.assertTrue(enc.err().contains(expected), enc.err());
            assertEquals("", enc.out());
            for (String[] policyCommand : new String[][] {{"nexus", "grants"},
                    {"nexus", "grant", "team-a/app", "--spiffe-id", "^spiffe://spike\\.ist/app$", "--permissions",
                            "read"}, {"nexus", "revoke", "team-a/app"}}) {
                CliProcess.Result r = CliProcess.run(dir, env, policyCommand);
                assertEquals(128, r.code(), r.err());
                assertEquals(1, r.err().lines().count(), r.err());
                org.junit.jupiter.api.Assertions.assertTrue(r.err().contains(expected), r.err());
            }
        }
    }
}
