package dev.sops4j.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.gateway.support.Harness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sops4j CLI as a separate process (the classes the packaged jar holds, or the {@code ./sops4j} launcher; an
 * environment of only PATH, HOME and the listed variables): a deploy job encrypts with {@code --nexus} over SPIFFE, a CI job decrypts the same file through
 * the real gateway over HTTPS with an OIDC token from a loopback issuer, and a denied job gets exit 128.
 */
class CliThroughGatewayTest {
    private static final String DEPLOYER = "spiffe://spike.ist/workload/deployer";
    private static final String PLAIN = "# deploy settings\napp:\n    name: shop\n    db_password: s3cr3t-Pa55\n"
            + "replicas: 3\n";
    private static Harness h;

    record Result(int code, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        h = new Harness();
        h.nexus.allow("deployer", "^spiffe://spike\\.ist/workload/deployer$", "^sops4j/kek/app/", "read");
        h.pki.issue(DEPLOYER).writeTo(h.dir.resolve("svid"));
        Files.writeString(h.dir.resolve("secrets.yaml"), PLAIN);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static Map<String, String> inCluster() {
        return Map.of("SPIKE_NEXUS_API_URL", h.nexus.url().toString(), "SPIKE_TRUST_ROOT_NEXUS", Harness.TRUST_DOMAIN,
                "SOPS4J_NEXUS_PATH_PREFIX", Harness.KEY_PREFIX, "SOPS4J_SPIFFE_DIR", "svid");
    }

    private static Map<String, String> ci(String token) {
        return Map.of("SOPS4J_GATEWAY_URL", "https://127.0.0.1:" + h.gateway.port(),
                "SOPS4J_GATEWAY_AUDIENCE", Harness.AUD, "SOPS4J_GATEWAY_CA_FILE", "tls.crt",
                "SOPS4J_OIDC_TOKEN", token);
    }

    private static Path encryptedInCluster(String name) throws IOException {
        Result enc = sops(inCluster(), "encrypt", "--nexus", "app/prod/db", "secrets.yaml");
        assertEquals(0, enc.code(), enc.err());
        assertFalse(enc.out().contains("s3cr3t-Pa55"), enc.out());
        assertTrue(enc.out().contains("\n          name: app/prod/db\n"), enc.out());
        Path file = h.dir.resolve(name);
        Files.write(file, enc.stdout());
        return file;
    }

    @Test
    void encryptInClusterThenDecryptInCiThroughTheGateway() throws IOException {
        encryptedInCluster("a.enc.yaml");
        Result dec = sops(ci(h.github.rs256(h.github.github(Harness.AUD).build())), "decrypt", "a.enc.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
        assertEquals("", dec.err());
        assertEquals("allow", h.lastAudit().get("decision").asText());
        assertEquals("app/prod/db", h.lastAudit().get("key").asText());
    }

    @Test
    void aDeniedJobGetsExit128AndOneLine() throws IOException {
        encryptedInCluster("b.enc.yaml");
        String pr = h.github.rs256(h.github.github(Harness.AUD).claim("event_name", "pull_request").build());
        Result dec = sops(ci(pr), "decrypt", "b.enc.yaml");
        assertEquals(128, dec.code(), dec.err());
        assertEquals("", dec.out());
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Gateway unwrap of nexus key"
                + " app/prod/db failed (HTTP 403): the gateway policy does not allow this job to unwrap this key\n",
                dec.err());
        assertFalse(dec.err().contains(pr), "the token is never printed");
        assertEquals("deny", h.lastAudit().get("decision").asText());
    }

    /**
     * The CLI's main class in a fresh JVM on this module's test class path (which holds the cli module), or, with
     * {@code -Dsops4j.e2e.launcher=/path/to/sops4j}, the packaged launcher itself.
     */
    private static Result sops(Map<String, String> env, String... args) {
        String launcher = System.getProperty("sops4j.e2e.launcher", "");
        List<String> cmd = new ArrayList<>(launcher.isEmpty()
                ? List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                        "dev.sops4j.cli.Main")
                : List.of(launcher));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(h.dir.toFile());
        Map<String, String> penv = pb.environment();
        penv.clear();
        penv.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        penv.put("HOME", h.dir.toString());
        penv.putAll(new HashMap<>(env));
        try {
            Path errFile = Files.createTempFile(h.dir, "cli", ".err");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sops4j " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), out, Files.readString(errFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
