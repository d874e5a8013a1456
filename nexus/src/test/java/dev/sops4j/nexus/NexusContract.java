package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.SecretMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The client's contract with SPIKE Nexus. Runs against the fake ({@link FakeNexusContractTest}) and, when
 * configured, against a real Nexus ({@link RealNexusContractTest}) so the fake can be checked against the real
 * thing.
 */
abstract class NexusContract {

    /** A client whose identity may read and write under {@link #prefix()}. */
    abstract NexusClient writer();

    /** A client whose identity no policy grants anything, or null to skip that check. */
    abstract NexusClient stranger();

    /** A client that expects a Nexus from a trust root the server is not in. */
    abstract NexusClient expectingOtherRoot();

    /** A fresh path prefix for this run, ending in '/'. */
    abstract String prefix();

    @Test
    void secretLifecycle() {
        String path = prefix() + "lifecycle";
        try (NexusClient c = writer()) {
            c.putSecret(path, Map.of("a", "1"));
            c.putSecret(path, Map.of("a", "2", "b", "x y"));
            assertEquals(Map.of("a", "2", "b", "x y"), c.getSecret(path, 0));
            assertEquals(Map.of("a", "1"), c.getSecret(path, 1));
            SecretMetadata m = c.findMetadata(path).orElseThrow();
            assertEquals(2, m.currentVersion());
            assertEquals(List.of(1, 2), List.copyOf(m.versions().keySet()));
            c.deleteVersions(path, List.of(2));
            assertEquals(Optional.empty(), c.findSecret(path, 2));
            assertEquals(Map.of("a", "1"), c.getSecret(path, 0));
            c.undeleteVersions(path, List.of(2));
            assertEquals(Map.of("a", "2", "b", "x y"), c.getSecret(path, 0));
            assertEquals(Optional.empty(), c.findSecret(prefix() + "absent", 0));
        }
    }

    @Test
    void keysetWrapUnwrapAndRotate() {
        String name = "contract";
        try (NexusClient c = writer()) {
            var admin = new NexusKeyAdmin(c, prefix());
            admin.create(name);
            var source = new NexusKeySource(c, prefix());
            NexusKeyRef ref = source.wrap(new NexusKeyRef(name, "", ""), SecretBytes.copyOf(new byte[32]));
            admin.rotate(name);
            try (SecretBytes back = new NexusKeySource(c, prefix()).unwrap(ref)) {
                assertEquals(32, back.length());
            }
        }
    }

    @Test
    void strangersAreNotAuthorized() {
        NexusClient s = stranger();
        Assumptions.assumeTrue(s != null, "no unauthorized identity configured");
        try (s) {
            var e = assertThrows(KeySourceException.class, () -> s.findSecret(prefix() + "lifecycle", 0));
            assertTrue(e.getMessage().startsWith("not authorized by Nexus: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(HTTP 401 access_unauthorized)"), e.getMessage());
        }
    }

    @Test
    void aServerWithTheWrongIdIsRefusedAtTheHandshake() {
        try (NexusClient c = expectingOtherRoot()) {
            var e = assertThrows(KeySourceException.class, () -> c.findSecret(prefix() + "x", 0));
            assertTrue(e.getMessage().startsWith("TLS handshake with Nexus at "), e.getMessage());
        }
    }
}
