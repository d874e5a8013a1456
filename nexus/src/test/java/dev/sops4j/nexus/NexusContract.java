package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.NexusStatus;
import dev.sops4j.nexus.client.Policy;
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

    /** A client with the Pilot superuser's identity (may read and write policies and any path). */
    abstract NexusClient admin();

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

    @Test
    void missingVersionsAreNotFoundWithTheVersionNamed() {
        String path = prefix() + "versions";
        try (NexusClient c = writer()) {
            c.putSecret(path, Map.of("a", "1"));
            assertEquals(Optional.empty(), c.findSecret(path, -1));
            assertEquals(Optional.empty(), c.findSecret(path, 7));
            var e = assertThrows(KeySourceException.class, () -> c.getSecret(path, 7));
            assertEquals("version 7 of secret " + path + " does not exist in Nexus (never written, deleted or pruned)"
                    + " (HTTP 404 api_not_found)", e.getMessage());
            assertEquals(Optional.of(NexusStatus.NOT_FOUND), NexusStatus.of(e));
        }
    }

    @Test
    void undeletingALiveVersionFailsClearly() {
        String path = prefix() + "undelete";
        try (NexusClient c = writer()) {
            c.putSecret(path, Map.of("a", "1"));
            var e = assertThrows(KeySourceException.class, () -> c.undeleteVersions(path, List.of(1)));
            assertEquals("nothing to undelete: versions [1] of secret " + path + " are not deleted, or do not exist"
                    + " in Nexus (HTTP 404 api_not_found)", e.getMessage());
            c.deleteVersions(path, List.of(1));
            c.deleteVersions(path, List.of(1)); // deleting a deleted version is a no-op
            assertEquals(Optional.empty(), c.findMetadata(path)); // all versions deleted: no metadata either
            c.undeleteVersions(path, List.of(1));
            assertEquals(Map.of("a", "1"), c.getSecret(path, 0));
        }
    }

    @Test
    void anEmptyPutStoresAnEmptyVersion() {
        String path = prefix() + "empty";
        try (NexusClient c = writer()) {
            c.putSecret(path, Map.of());
            assertEquals(Map.of(), c.getSecret(path, 0));
        }
    }

    @Test
    void pathsAreStoredExactlyAsGiven() {
        try (NexusClient c = admin()) {
            c.putSecret("/" + prefix() + "exact", Map.of("k", "slash"));
            c.putSecret(prefix() + "exact", Map.of("k", "plain"));
            assertEquals(Map.of("k", "slash"), c.getSecret("/" + prefix() + "exact", 0));
            assertEquals(Map.of("k", "plain"), c.getSecret(prefix() + "exact", 0));
        }
    }

    @Test
    void aMissingPolicyIsAbsentNotAnInternalError() {
        try (NexusClient c = admin()) {
            assertEquals(Optional.empty(), c.findPolicy("contract missing"));
            var e = assertThrows(KeySourceException.class, () -> c.deletePolicy("contract missing"));
            assertEquals("no policy named 'contract missing' in Nexus", e.getMessage());
            assertEquals(Optional.of(NexusStatus.NOT_FOUND), NexusStatus.of(e));
        }
    }

    @Test
    void refusedPolicyPatternsAreNamedByCause() {
        try (NexusClient c = admin()) {
            var alphabet = assertThrows(KeySourceException.class, () -> c.putPolicy(
                    new Policy("contract bad", "^spiffe://a/b@$", "^a$", List.of("read"))));
            assertEquals("Nexus refused policy 'contract bad': its name or a pattern uses characters outside SPIKE's"
                    + " alphabet, or its permissions are invalid (HTTP 400 api_bad_request)", alphabet.getMessage());
            for (String[] p : new String[][] {{"^spiffe://a/b(($", "^a$"}, {"^spiffe://a/b$", "spike/"}}) {
                var e = assertThrows(KeySourceException.class, () -> c.putPolicy(
                        new Policy("contract bad", p[0], p[1], List.of("read"))));
                assertEquals("Nexus could not store policy 'contract bad': a pattern is not a valid RE2 regular"
                        + " expression, or the path pattern matches part of a reserved spike/system/ path"
                        + " (HTTP 500 api_internal_error)", e.getMessage());
            }
            assertEquals(Optional.empty(), c.findPolicy("contract bad"));
        }
    }
}
