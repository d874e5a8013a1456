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
        // the only key is a Nexus key: its whole error after sops' lead, no key-group summary
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Not authorized by Nexus: "
                + STRANGER + " may not read secret sops4j/kek/team-a/app (HTTP 401 access_unauthorized)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    @Order(5)
    void grantLetsExactlyOneOtherWorkloadDecrypt() {
        nexus.issue("spiffe://spike.ist/workload/app", dir.resolve("app"));
        nexus.issue("spiffe://spike.ist/workload/app2", dir.resolve("app2"));
        assertEquals(128, CliProcess.run(dir, files("app"), "decrypt", "app.enc.yaml").code());
        String regex = "^spiffe://spike\\.ist/workload/app$";
        assertEquals("granted read on nexus key team-a/app to SPIFFE IDs matching " + regex
                + " (SPIKE policy 'sops4j sops4j kek team-a app " + policyHash(regex) + "')\n",
                ok(files("su"), "nexus", "grant", "team-a/app", "--spiffe-id", regex, "--permissions", "read").out());
        assertEquals(PLAIN, ok(files("app"), "decrypt", "app.enc.yaml").out());
        for (String other : new String[] {"app2", "stranger"}) {
            CliProcess.Result r = CliProcess.run(dir, files(other), "decrypt", "app.enc.yaml");
            assertEquals(128, r.code(), r.err());
            assertTrue(r.err().contains("Not authorized by Nexus: spiffe://spike.ist/workload/" + other + " "),
                    r.err());
        }
        assertEquals("KEY                      PERMISSIONS SPIFFE ID PATTERN\n"
                + "team-a/app               read        " + regex + "\n",
                ok(files("su"), "nexus", "grants", "team-a/app").out());
        assertEquals(ok(files("su"), "nexus", "grants", "team-a/app").out(), ok(files("su"), "nexus", "grants").out());
        // the grant covers that key only: a second key stays closed to the workload
        ok(files("su"), "nexus", "key", "create", "team-a/other");
        byte[] otherFile = ok(files("su"), "encrypt", "--nexus", "team-a/other", "plain.yaml").stdout();
        try {
            Files.write(dir.resolve("other.enc.yaml"), otherFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliProcess.Result r = CliProcess.run(dir, files("app"), "decrypt", "other.enc.yaml");
        assertEquals(128, r.code(), r.err());
        assertTrue(r.err().contains("Not authorized by Nexus: spiffe://spike.ist/workload/app "), r.err());
        ok(files("su"), "nexus", "revoke", "team-a/app");
        assertEquals(128, CliProcess.run(dir, files("app"), "decrypt", "app.enc.yaml").code());
    }

    @Test
    @Order(6)
    void grantRefusesBadPatternsAndWidePermissionsFirst() {
        CliProcess.Result bad = CliProcess.run(dir, files("su"), "nexus", "grant", "team-a/app", "--spiffe-id",
                "^spiffe://spike\\.ist/(a");
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().contains("invalid --spiffe-id pattern '^spiffe://spike\\.ist/(a': "), bad.err());
        assertTrue(bad.code() != 0);
        CliProcess.Result alphabet = CliProcess.run(dir, files("su"), "nexus", "grant", "team-a/app", "--spiffe-id",
                "^spiffe://spike\\.ist/(a|b)$");
        assertTrue(alphabet.err().contains("SPIKE accepts only"), alphabet.err());
        CliProcess.Result wide = CliProcess.run(dir, files("su"), "nexus", "grant", "team-a/app", "--spiffe-id",
                "^spiffe://spike\\.ist/a$", "--permissions", "read,super");
        assertTrue(wide.err().contains("permission 'super' is not allowed for nexus key team-a/app: use read and/or "
                + "write (it would grant more than this key)"), wide.err());
        assertEquals(1, wide.err().lines().count(), wide.err());
        assertEquals("KEY                      PERMISSIONS SPIFFE ID PATTERN\n",
                ok(files("su"), "nexus", "grants").out());
        CliProcess.Result none = CliProcess.run(dir, files("su"), "nexus", "revoke", "team-a/app");
        assertEquals("Error: no grant of nexus key team-a/app to revoke\n", none.err());
        assertEquals(8, none.code()); // UsageException: sops' CONFLICTING_PARAMETERS
        CliProcess.Result stranger = CliProcess.run(dir, files("stranger"), "nexus", "grants");
        assertEquals("not authorized by Nexus: " + STRANGER + " may not list policies (HTTP 401 access_unauthorized)\n",
                stranger.err());
        assertEquals(128, stranger.code());
    }

    static String policyHash(String regex) throws RuntimeException {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(regex.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(9)
    void nexusDownIsOneLine() {
        nexus.stopNexus();
        CliProcess.Result r = CliProcess.run(dir, files("su"), "decrypt", "app.enc.yaml");
        assertEquals(128, r.code(), r.err());
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Cannot reach Nexus at "
                + nexus.url() + " (read secret sops4j/kek/team-a/app): connection refused or unreachable\n", r.err());
        assertEquals("", r.out());
    }
}
