package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.nexus.real.RealNexus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI against the real SPIKE Nexus 0.8.2 (spike-devid standing in for SPIRE): key administration,
 * encrypt/decrypt/rotate with SVIDs from spiffe-helper files and from the Workload API, nothing on stderr on
 * success, an unauthorised workload and Nexus down as one line with exit 128. Skipped when ../shared/tools is absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNexusE2ETest {
    static final String PLAIN = "app:\n    name: shop\n    db_password: s3cr3t-Pa55\nreplicas: 3\n";
    static final String STRANGER = "spiffe://spike.ist/workload/stranger";
    @TempDir
    static Path dir;
    private static RealNexus nexus;

    @BeforeAll
    static void start() throws Exception {
        nexus = RealNexus.startOrSkip(dir.resolve("nexus"));
        nexus.issue(RealNexus.SUPERUSER, dir.resolve("su"));
        nexus.issue(STRANGER, dir.resolve("stranger"));
        Files.writeString(dir.resolve("plain.yaml"), PLAIN);
    }

    @AfterAll
    static void stop() {
        if (nexus != null) {
            nexus.close();
        }
    }

    static Map<String, String> files(String svidDir) {
        Map<String, String> env = new HashMap<>();
        env.put("SPIKE_NEXUS_API_URL", nexus.url().toString());
        env.put("SPIKE_TRUST_ROOT_NEXUS", RealNexus.TRUST_DOMAIN);
        env.put("SOPS4J_SPIFFE_DIR", svidDir);
        return env;
    }

    static CliProcess.Result ok(Map<String, String> env, String... args) {
        CliProcess.Result r = CliProcess.run(dir, env, args);
        assertEquals("", r.err(), String.join(" ", args));
        assertEquals(0, r.code(), String.join(" ", args));
        return r;
    }

    @Test
    @Order(1)
    void keyCreateRotateVersions() {
        String created = ok(files("su"), "nexus", "key", "create", "team-a/app").out();
        assertTrue(created.startsWith("team-a/app (Nexus path sops4j/kek/team-a/app, secret version 1)\n"
                + "KEY ID       STATUS    PRIMARY CREATED\n"), created);
        assertEquals(3, created.lines().count(), created);
        String rotated = ok(files("su"), "nexus", "key", "rotate", "team-a/app").out();
        assertTrue(rotated.startsWith("team-a/app (Nexus path sops4j/kek/team-a/app, secret version 2)\n"),
                rotated);
        String versions = ok(files("su"), "nexus", "key", "versions", "team-a/app").out();
        assertEquals(rotated, versions);
        assertEquals(4, versions.lines().count(), versions);
        assertEquals(1, versions.lines().filter(l -> l.contains(" ENABLED ") && l.contains(" yes ")).count(),
                versions);
    }

    @Test
    @Order(2)
    void encryptDecryptRotateWithSvidFiles() throws Exception {
        byte[] enc = ok(files("su"), "encrypt", "--nexus", "team-a/app", "plain.yaml").stdout();
        Files.write(dir.resolve("app.enc.yaml"), enc);
        assertTrue(new String(enc).contains("nexus:"), new String(enc));
        assertEquals(PLAIN, ok(files("su"), "decrypt", "app.enc.yaml").out());
        ok(files("su"), "rotate", "-i", "app.enc.yaml");
        assertTrue(!Files.readString(dir.resolve("app.enc.yaml")).equals(new String(enc)));
        assertEquals(PLAIN, ok(files("su"), "decrypt", "app.enc.yaml").out());
    }

    @Test
    @Order(3)
    void decryptWithTheWorkloadApiPrintsNothingOnStderr() {
        Path socket = nexus.serveWorkloadApi(RealNexus.SUPERUSER);
        Map<String, String> env = files("su");
        env.remove("SOPS4J_SPIFFE_DIR");
        env.put("SPIFFE_ENDPOINT_SOCKET", "unix://" + socket);
        assertEquals(PLAIN, ok(env, "decrypt", "app.enc.yaml").out());
        byte[] enc = ok(env, "encrypt", "--nexus", "team-a/app", "plain.yaml").stdout();
        assertTrue(new String(enc).contains("nexus:"));
        // the library does log; only --verbose lets it through (QuietLogging)
        CliProcess.Result verbose = CliProcess.run(dir, env, "decrypt", "--verbose", "app.enc.yaml");
        assertEquals(0, verbose.code(), verbose.err());
        assertTrue(verbose.err().contains("Received X509Context update"), verbose.err());
    }

    @Test
    @Order(4)
    void anUnauthorisedWorkloadIsOneLineNamingItsSpiffeId() {
        CliProcess.Result r = CliProcess.run(dir, files("stranger"), "decrypt", "app.enc.yaml");
        assertEquals(128, r.code(), r.err());
        // sops' no-key report: the cause on the first line, then the key-group summary (as sops prints it)
        assertEquals(2, r.err().lines().count(), r.err());
        String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("Failed to get the data key required to decrypt the SOPS file. Not authorized by "
                + "Nexus: " + STRANGER + " may not read secret "), first);
        assertTrue(first.endsWith("(HTTP 401 access_unauthorized)"), first);
        assertEquals("Group 0: FAILED (nexus team-a/app)", r.err().lines().skip(1).findFirst().orElseThrow());
        assertEquals("", r.out());
    }

    @Test
    @Order(5)
    void nexusDownIsOneLine() {
        nexus.stopNexus();
        CliProcess.Result r = CliProcess.run(dir, files("su"), "decrypt", "app.enc.yaml");
        assertEquals(128, r.code(), r.err());
        assertEquals(2, r.err().lines().count(), r.err());
        String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("Failed to get the data key required to decrypt the SOPS file. Cannot reach Nexus "
                + "at " + nexus.url() + " "), first);
        assertTrue(first.endsWith(": connection refused or unreachable"), first);
        assertEquals("Group 0: FAILED (nexus team-a/app)", r.err().lines().skip(1).findFirst().orElseThrow());
        assertEquals("", r.out());
    }
}
