package dev.sops4j.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.nexus.NexusKeySource;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI's path without the CLI process: key sources built only from environment variables, as the packaged
 * program builds them. A deploy job with a SPIFFE identity (spiffe-helper files) encrypts; a CI job with only an OIDC
 * token decrypts through the real gateway over HTTPS; a token the policy denies fails with exit 128 and one line.
 */
class NexusModeEndToEndTest {
    static final String DEPLOYER = "spiffe://spike.ist/workload/deployer";
    static final String PLAIN = "# deploy settings\napp:\n    name: shop\n    db_password: s3cr3t-Pa55 # rotate monthly\n"
            + "replicas: 3\n";
    /** As sops prints it: a decrypted trailing comment goes on its own line above its key. */
    static final String DECRYPTED = "# deploy settings\napp:\n    name: shop\n    # rotate monthly\n"
            + "    db_password: s3cr3t-Pa55\nreplicas: 3\n";
    private static Harness h;

    @BeforeAll
    static void start() throws Exception {
        h = new Harness();
        h.nexus.allow("deployer", "^spiffe://spike\\.ist/workload/deployer$", "^sops4j/kek/app/", "read");
        h.pki.issue(DEPLOYER).writeTo(h.dir.resolve("svid"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** In-cluster: SPIFFE identity from spiffe-helper files, Nexus reached directly. */
    static Map<String, String> inCluster() {
        return Map.of("SPIKE_NEXUS_API_URL", h.nexus.url().toString(), "SPIKE_TRUST_ROOT_NEXUS", Harness.TRUST_DOMAIN,
                "SOPS4J_NEXUS_PATH_PREFIX", Harness.KEY_PREFIX, "SOPS4J_SPIFFE_DIR", "svid");
    }

    /** A CI job: only the gateway and a token; deliberately no SPIFFE variables at all. */
    static Map<String, String> ci(String token) {
        Map<String, String> env = new HashMap<>();
        env.put("SOPS4J_GATEWAY_URL", "https://127.0.0.1:" + h.gateway.port() + "/");
        env.put("SOPS4J_GATEWAY_AUDIENCE", Harness.AUD);
        env.put("SOPS4J_GATEWAY_CA_FILE", "tls.crt");
        env.put("SOPS4J_OIDC_TOKEN", token);
        return env;
    }

    static String githubMain() {
        return h.github.rs256(h.github.github(Harness.AUD).build());
    }

    static String githubPullRequest() {
        return h.github.rs256(h.github.github(Harness.AUD).claim("event_name", "pull_request").build());
    }

    static byte[] encrypt(Map<String, String> env, String key) {
        try (NexusKeySource src = new NexusKeySource(new Environment(env, h.dir, h.dir))) {
            Sops4j s = Sops4j.builder().keySource(src).build();
            Store yaml = s.store(Format.YAML);
            EncryptedDocument doc = s.encrypt(yaml.parsePlain(PLAIN.getBytes(StandardCharsets.UTF_8)),
                    new EncryptionSpec(List.of(new KeyGroup(List.of(new NexusKeyRef(key, "", "")))), 0,
                            Optional.empty(), false), Format.YAML);
            return yaml.emitEncrypted(doc.branches(), doc.metadata());
        }
    }

    static byte[] decrypt(Map<String, String> env, byte[] file) {
        try (NexusKeySource src = new NexusKeySource(new Environment(env, h.dir, h.dir))) {
            Sops4j s = Sops4j.builder().keySource(src).build();
            Store yaml = s.store(Format.YAML);
            try (DecryptedFile d = s.decrypt(yaml.parseEncrypted(file), DecryptOptions.DEFAULTS)) {
                return yaml.emitPlain(d.branches());
            }
        }
    }

    @Test
    void encryptedInClusterDecryptsInCiThroughTheGateway() {
        byte[] file = encrypt(inCluster(), "app/prod/db");
        String text = new String(file, StandardCharsets.UTF_8);
        assertFalse(text.contains("s3cr3t-Pa55"), text);
        assertTrue(text.contains("    nexus:\n        - created_at: \"") && text.contains("\n          name: app/prod/db\n"), text);
        int unwrapsBefore = countAudit("unwrap");
        assertEquals(DECRYPTED, new String(decrypt(ci(githubMain()), file), StandardCharsets.UTF_8));
        assertEquals(unwrapsBefore + 1, countAudit("unwrap"));
        // And still in-cluster: the gateway did not change the file's keys.
        assertEquals(DECRYPTED, new String(decrypt(inCluster(), file), StandardCharsets.UTF_8));
    }

    @Test
    void aDeniedTokenIsExit128AndOneLine() {
        byte[] file = encrypt(inCluster(), "app/prod/db");
        SopsException e = assertThrows(SopsException.class, () -> decrypt(ci(githubPullRequest()), file));
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertEquals(128, e.exitCode().code());
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Gateway unwrap of nexus key"
                + " failed (HTTP 403): the gateway policy does not allow this job to unwrap this key\n"
                + "Group 0: FAILED (nexus app/prod/db)", e.getMessage());
        assertEquals("deny", h.lastAudit().get("decision").asText());
    }

    private static int countAudit(String action) {
        return (int) h.auditLines().stream().filter(n -> n.has("action") && action.equals(n.get("action").asText())
                && "allow".equals(n.get("decision").asText())).count();
    }
}
