package dev.sops4j.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
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
 * Whole files through the real engine: a Nexus-mode YAML file encrypted in-cluster decrypts in a CI job through the
 * gateway, and one encrypted in CI decrypts in-cluster. Only the key source differs; the file is the same.
 */
class GatewayFileRoundTripTest {
    private static final String PLAIN = "db:\n    user: app\n    password: hunter2\n";
    private static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** The CLI's Nexus key source as a CI job configures it: gateway URL and token in the environment. */
    private static NexusKeySource ciClient() {
        Map<String, String> env = new HashMap<>();
        env.put("SOPS4J_GATEWAY_URL", "https://127.0.0.1:" + h.gateway.port());
        env.put("SOPS4J_GATEWAY_AUDIENCE", Harness.AUD);
        env.put("SOPS4J_GATEWAY_CA_FILE", "tls.crt");
        // A static GitLab-style token: decrypting needs no fresh jti.
        env.put("SOPS4J_OIDC_TOKEN", h.gitlab.rs256(h.gitlab.gitlab(Harness.AUD).build()));
        return new NexusKeySource(new Environment(env, h.dir, h.dir));
    }

    private static byte[] encrypt(Sops4j sops) {
        Store yaml = sops.store(Format.YAML);
        EncryptedDocument doc = sops.encrypt(yaml.parsePlain(PLAIN.getBytes(StandardCharsets.UTF_8)),
                new EncryptionSpec(List.of(new KeyGroup(List.of(new NexusKeyRef("app/ci/build", "", "")))), 0,
                        Optional.empty(), false), Format.YAML);
        return yaml.emitEncrypted(doc.branches(), doc.metadata());
    }

    private static String decrypt(Sops4j sops, byte[] file) {
        Store yaml = sops.store(Format.YAML);
        try (DecryptedFile d = sops.decrypt(yaml.parseEncrypted(file), DecryptOptions.DEFAULTS)) {
            return new String(yaml.emitPlain(d.branches()), StandardCharsets.UTF_8);
        }
    }

    @Test
    void encryptedInClusterDecryptsInCiThroughTheGateway() {
        byte[] file;
        try (NexusKeySource direct = h.cliKeySource()) {
            file = encrypt(Sops4j.builder().keySource(direct).build());
        }
        String text = new String(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("nexus:") && text.contains("name: app/ci/build"), text);
        try (NexusKeySource ci = ciClient()) {
            assertEquals(PLAIN, decrypt(Sops4j.builder().keySource(ci).build(), file));
        }
        assertEquals("allow", h.lastAudit().get("decision").asText());
        assertEquals("unwrap", h.lastAudit().get("action").asText());
    }

    @Test
    void encryptedInCiDecryptsInCluster() {
        byte[] file;
        try (NexusKeySource ci = ciClient()) {
            file = encrypt(Sops4j.builder().keySource(ci).build());
        }
        try (NexusKeySource direct = h.cliKeySource()) {
            assertEquals(PLAIN, decrypt(Sops4j.builder().keySource(direct).build(), file));
        }
    }
}
