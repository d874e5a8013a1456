package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.kek.KeysetDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NexusKeyAdminTest {
    private static final String PATH = "sops4j/kek/team-a/app";
    private final Testbed bed = new Testbed();
    private final NexusKeyAdmin admin = bed.admin();

    @AfterEach
    void stop() {
        admin.close();
        bed.close();
    }

    private static KeyVersion primary(KeyAdminResult r) {
        return r.versions().stream().filter(KeyVersion::primary).findFirst().orElseThrow();
    }

    @Test
    void createWritesOneEnabledPrimaryVersion() {
        KeyAdminResult r = admin.create("team-a/app");
        assertEquals(PATH, r.path());
        assertEquals(1, r.nexusVersion());
        assertFalse(r.merged());
        assertEquals(1, r.versions().size());
        KeyVersion v = r.versions().get(0);
        assertTrue(v.primary());
        assertEquals(KeyVersion.Status.ENABLED, v.status());
        assertTrue(v.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), v.createdAt());
        Map<String, String> stored = bed.nexus.getDirect(PATH, 0).orElseThrow();
        assertEquals(Set.of("format", "keyset", "created-" + v.keyId()), stored.keySet());
        assertEquals("tink-aead-keyset-v1", stored.get("format"));
        assertEquals(r, admin.versions("team-a/app"));
    }

    @Test
    void aNexusVersionVanishingBetweenMetadataAndReadIsNamed() {
        admin.create("team-a/app");
        bed.nexus.failNext(1, 404, "/v1/store/secrets?get");
        var e = assertThrows(KeySourceException.class, () -> admin.versions("team-a/app"));
        assertEquals("version 1 of nexus key team-a/app does not exist in Nexus at " + PATH
                + " (deleted or pruned meanwhile; retry)", e.getMessage());
        assertEquals(1, admin.versions("team-a/app").versions().size());
    }

    @Test
    void createRefusesAnExistingKey() {
        admin.create("team-a/app");
        var e = assertThrows(UsageException.class, () -> admin.create("team-a/app"));
        assertEquals("nexus key team-a/app already exists at " + PATH, e.getMessage());
    }

    @Test
    void rotateAddsANewPrimaryAndKeepsTheOldEnabled() {
        long v1 = primary(admin.create("team-a/app")).keyId();
        KeyAdminResult r = admin.rotate("team-a/app");
        assertEquals(2, r.nexusVersion());
        assertEquals(2, r.versions().size());
        long v2 = primary(r).keyId();
        assertTrue(v1 != v2);
        assertTrue(r.versions().stream().allMatch(v -> v.status() == KeyVersion.Status.ENABLED));
    }

    @Test
    void disableRefusesThePrimaryAndEnableUndoes() {
        long v1 = primary(admin.create("team-a/app")).keyId();
        var e = assertThrows(UsageException.class, () -> admin.disable("team-a/app", v1));
        assertEquals("key version " + v1 + " of team-a/app is the primary; rotate first so that another version "
                + "wraps new data keys", e.getMessage());
        admin.rotate("team-a/app");
        KeyAdminResult d = admin.disable("team-a/app", v1);
        assertEquals(KeyVersion.Status.DISABLED, d.versions().stream().filter(v -> v.keyId() == v1).findFirst()
                .orElseThrow().status());
        KeyAdminResult en = admin.enable("team-a/app", v1);
        assertTrue(en.versions().stream().allMatch(v -> v.status() == KeyVersion.Status.ENABLED));
        var missing = assertThrows(UsageException.class, () -> admin.disable("team-a/app", 42));
        assertEquals("nexus key team-a/app has no key version 42", missing.getMessage());
    }

    @Test
    void destroyNeedsDisableThenRemovesTheKeyEverywhere() {
        long v1 = primary(admin.create("team-a/app")).keyId();
        admin.rotate("team-a/app");
        var e = assertThrows(UsageException.class, () -> admin.destroy("team-a/app", v1));
        assertEquals("key version " + v1 + " of team-a/app must be disabled before it is destroyed", e.getMessage());
        admin.disable("team-a/app", v1);
        KeyAdminResult r = admin.destroy("team-a/app", v1);
        assertEquals(4, r.nexusVersion());
        assertEquals(KeyVersion.Status.DESTROYED, r.versions().stream().filter(v -> v.keyId() == v1).findFirst()
                .orElseThrow().status());
        // Older Nexus versions still holding the key material are soft-deleted.
        for (int v = 1; v <= 3; v++) {
            assertTrue(bed.nexus.getDirect(PATH, v).isEmpty(), "version " + v);
        }
        KeysetDocument now = KeysetDocument.fromValues(bed.nexus.getDirect(PATH, 0).orElseThrow(), "k");
        assertEquals(1, now.handle().size());
        assertEquals(Set.of(v1), now.destroyed());
        var again = assertThrows(UsageException.class, () -> admin.enable("team-a/app", v1));
        assertEquals("nexus key team-a/app has no key version " + v1 + " (it was destroyed)", again.getMessage());
    }

    @Test
    void destroyedVersionsExplainThemselvesOnUnwrap() {
        long v1 = primary(admin.create("team-a/app")).keyId();
        bed.grantDeployerRead();
        NexusKeyRef old;
        try (var src = bed.keySource(Testbed.DEPLOYER)) {
            old = src.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(new byte[32]));
        }
        admin.rotate("team-a/app");
        admin.disable("team-a/app", v1);
        admin.destroy("team-a/app", v1);
        try (var src = bed.keySource(Testbed.DEPLOYER)) {
            var e = assertThrows(KeySourceException.class, () -> src.unwrap(old));
            assertEquals("nexus key team-a/app: key version " + v1
                    + " was destroyed; the data key cannot be recovered with this key", e.getMessage());
        }
    }

    @Test
    void aConcurrentRotationIsMergedNotLost() throws Exception {
        admin.create("team-a/app");
        // Another admin rotates between our read and our write: it writes version 2, ours lands as version 3.
        Map<String, String> base = bed.nexus.getDirect(PATH, 0).orElseThrow();
        KeysetDocument theirs = rotated(KeysetDocument.fromValues(base, "k"));
        long theirKey = KeysetDocument.id(theirs.handle().getPrimary());
        bed.nexus.beforeNextPut(() -> bed.nexus.putDirect(PATH, theirs.toValues()));

        KeyAdminResult r = admin.rotate("team-a/app");

        assertTrue(r.merged());
        assertEquals(4, r.nexusVersion());
        assertEquals(3, r.versions().size());
        assertTrue(r.versions().stream().anyMatch(v -> v.keyId() == theirKey));
        assertEquals(r.versions(), admin.versions("team-a/app").versions());
        // Both rotations' keys unwrap what they wrapped.
        bed.grantDeployerRead();
        byte[] dk = new byte[32];
        dk[0] = 9;
        try (var src = bed.keySource(Testbed.DEPLOYER)) {
            var wrapped = src.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(dk));
            try (SecretBytes back = src.unwrap(wrapped)) {
                assertArrayEquals(dk, back.copy());
            }
        }
    }

    @Test
    void aConcurrentDisableWinsOverOurStaleCopy() {
        long v1 = primary(admin.create("team-a/app")).keyId();
        admin.rotate("team-a/app");
        Map<String, String> base = bed.nexus.getDirect(PATH, 0).orElseThrow();
        KeysetDocument doc = KeysetDocument.fromValues(base, "k");
        var b = KeysetHandle.newBuilder(doc.handle());
        for (int i = 0; i < doc.handle().size(); i++) {
            if (KeysetDocument.id(doc.handle().getAt(i)) == v1) {
                b.getAt(i).setStatus(com.google.crypto.tink.KeyStatus.DISABLED);
            }
        }
        KeysetDocument disabled = new KeysetDocument(build(b), doc.created(), doc.destroyed());
        bed.nexus.beforeNextPut(() -> bed.nexus.putDirect(PATH, disabled.toValues()));

        KeyAdminResult r = admin.rotate("team-a/app");

        assertTrue(r.merged());
        assertEquals(KeyVersion.Status.DISABLED, r.versions().stream().filter(v -> v.keyId() == v1).findFirst()
                .orElseThrow().status());
        assertEquals(3, r.versions().size());
    }

    @Test
    void unknownKeysAndDeletedKeysetsAreReported() {
        var e = assertThrows(KeySourceException.class, () -> admin.rotate("team-a/none"));
        assertEquals("nexus key team-a/none does not exist in Nexus at sops4j/kek/team-a/none", e.getMessage());
        bed.nexus.putDirect("sops4j/kek/team-a/odd", Map.of("format", "something-else"));
        var odd = assertThrows(KeySourceException.class, () -> admin.versions("team-a/odd"));
        assertEquals("nexus key team-a/odd in Nexus is not a sops4j keyset (format 'something-else')",
                odd.getMessage());
    }

    private static KeysetDocument rotated(KeysetDocument doc) {
        var b = KeysetHandle.newBuilder(doc.handle());
        b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                .makePrimary());
        KeysetHandle h = build(b);
        Map<Long, String> created = new HashMap<>(doc.created());
        created.put(KeysetDocument.id(h.getPrimary()), "2026-01-01T00:00:00Z");
        return new KeysetDocument(h, created, doc.destroyed());
    }

    private static KeysetHandle build(KeysetHandle.Builder b) {
        try {
            return b.build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mergeIsIdempotentAndKeepsEveryKey() {
        KeysetDocument.init();
        KeysetDocument a = rotated(new KeysetDocument(build(KeysetHandle.newBuilder().addEntry(
                KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                        .makePrimary())), Map.of(), Set.of()));
        KeysetDocument b = rotated(a);
        KeysetDocument c = rotated(a);
        KeysetDocument m = dev.sops4j.nexus.kek.KeysetMerge.merge(List.of(b, c));
        assertEquals(4, m.handle().size());
        assertEquals(KeysetDocument.id(c.handle().getPrimary()), KeysetDocument.id(m.handle().getPrimary()));
        assertTrue(dev.sops4j.nexus.kek.KeysetMerge.sameState(m, dev.sops4j.nexus.kek.KeysetMerge.merge(
                List.of(m, c))));
    }
}
