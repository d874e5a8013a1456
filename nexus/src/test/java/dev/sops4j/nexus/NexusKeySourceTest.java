package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NexusKeySourceTest {
    private final Testbed bed = new Testbed();
    private final byte[] dataKey = new byte[32];

    {
        for (int i = 0; i < dataKey.length; i++) {
            dataKey[i] = (byte) (i * 7 + 1);
        }
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private long primaryId(String name) {
        try (var admin = bed.admin()) {
            return admin.versions(name).versions().stream().filter(KeyVersion::primary).findFirst().orElseThrow()
                    .keyId();
        }
    }

    @Test
    void wrapsAndUnwrapsOverMutualTls() {
        try (var admin = bed.admin()) {
            admin.create("team-a/app");
        }
        bed.grantDeployerRead();
        try (var source = bed.keySource(Testbed.DEPLOYER)) {
            NexusKeyRef wrapped = source.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(dataKey));
            assertEquals("team-a/app", wrapped.name());
            assertTrue(wrapped.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), wrapped.createdAt());
            byte[] raw = Base64.getDecoder().decode(wrapped.enc());
            assertEquals(1, raw[0]); // Tink output prefix: 0x01 then the 4-byte key id
            long keyId = ((raw[1] & 0xFFL) << 24) | ((raw[2] & 0xFFL) << 16) | ((raw[3] & 0xFFL) << 8) | (raw[4] & 0xFFL);
            assertEquals(primaryId("team-a/app"), keyId);
            assertEquals(5 + 12 + 32 + 16, raw.length);
            try (SecretBytes back = source.unwrap(wrapped)) {
                assertArrayEquals(dataKey, back.copy());
            }
        }
    }

    @Test
    void keyNameIsBoundAsAssociatedData() {
        try (var admin = bed.admin()) {
            admin.create("team-a/app");
            admin.create("team-a/other");
        }
        bed.grantDeployerRead();
        try (var source = bed.keySource(Testbed.DEPLOYER)) {
            NexusKeyRef wrapped = source.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(dataKey));
            // Same bytes under the other name: a different keyset, so the key id is unknown there.
            var moved = new NexusKeyRef("team-a/other", wrapped.createdAt(), wrapped.enc());
            var e = assertThrows(KeySourceException.class, () -> source.unwrap(moved));
            long id = primaryId("team-a/app");
            assertEquals("nexus key team-a/other: key version " + id
                    + " is not in the keyset (destroyed, or wrapped for another key)", e.getMessage());
        }
    }

    @Test
    void rotationKeepsOldFilesUntilTheOldVersionIsDisabled() {
        try (var admin = bed.admin()) {
            admin.create("team-a/app");
        }
        bed.grantDeployerRead();
        long v1 = primaryId("team-a/app");
        NexusKeyRef oldFile;
        try (var source = bed.keySource(Testbed.DEPLOYER)) {
            oldFile = source.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(dataKey));
        }
        long v2;
        try (var admin = bed.admin()) {
            v2 = admin.rotate("team-a/app").versions().stream().filter(KeyVersion::primary).findFirst()
                    .orElseThrow().keyId();
        }
        assertNotEquals(v1, v2);
        NexusKeyRef newFile;
        try (var source = bed.keySource(Testbed.DEPLOYER)) { // a new process sees the rotated keyset
            try (SecretBytes k = source.unwrap(oldFile)) {
                assertArrayEquals(dataKey, k.copy());
            }
            newFile = source.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(dataKey));
            assertEquals(v2, Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(
                    Base64.getDecoder().decode(newFile.enc()), 1, 4).getInt()));
        }
        try (var admin = bed.admin()) {
            admin.disable("team-a/app", v1);
        }
        try (var source = bed.keySource(Testbed.DEPLOYER)) {
            try (SecretBytes k = source.unwrap(newFile)) {
                assertArrayEquals(dataKey, k.copy());
            }
            var e = assertThrows(KeySourceException.class, () -> source.unwrap(oldFile));
            assertEquals("nexus key team-a/app: key version " + v1
                    + " is disabled; re-enable it or decrypt with another master key", e.getMessage());
            assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        }
    }

    @Test
    void fetchesEachKeysetOncePerProcessEvenUnderConcurrency() throws Exception {
        try (var admin = bed.admin()) {
            admin.create("team-a/app");
            admin.create("team-a/db");
        }
        bed.grantDeployerRead();
        int before = bed.nexus.requests("/v1/store/secrets", "get");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (var source = bed.keySource(Testbed.DEPLOYER)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = i % 2 == 0 ? "team-a/app" : "team-a/db";
                jobs.add(pool.submit(() -> {
                    NexusKeyRef r = source.wrap(new NexusKeyRef(name, "", ""), SecretBytes.copyOf(dataKey));
                    try (SecretBytes k = source.unwrap(r)) {
                        assertArrayEquals(dataKey, k.copy());
                    }
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, bed.nexus.requests("/v1/store/secrets", "get") - before);
    }

    @Test
    void workloadWithoutPolicyIsNotAuthorized() {
        try (var admin = bed.admin()) {
            admin.create("team-a/app");
        }
        bed.grantDeployerRead();
        try (var source = bed.keySource(Testbed.INTRUDER)) {
            var e = assertThrows(KeySourceException.class,
                    () -> source.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(dataKey)));
            assertEquals("not authorized by Nexus: " + Testbed.INTRUDER
                    + " may not read secret sops4j/kek/team-a/app (HTTP 401 access_unauthorized)", e.getMessage());
            assertEquals(128, e.exitCode().code());
        }
    }

    @Test
    void missingKeysetSaysHowToCreateIt() {
        bed.grantDeployerRead();
        try (var source = bed.keySource(Testbed.DEPLOYER)) {
            var e = assertThrows(KeySourceException.class,
                    () -> source.unwrap(new NexusKeyRef("team-a/none", "", "AQ==")));
            assertEquals("nexus key team-a/none does not exist in Nexus at sops4j/kek/team-a/none "
                    + "(create it with: sops4j nexus key create team-a/none)", e.getMessage());
        }
    }

    @Test
    void rejectsBadNamesAndEncodingsBeforeCallingNexus() {
        try (var source = bed.keySource(Testbed.DEPLOYER)) {
            var bad = assertThrows(KeySourceException.class,
                    () -> source.unwrap(new NexusKeyRef("team-a/../x", "", "AQ==")));
            assertEquals("invalid Nexus key name 'team-a/../x': use segments of letters, digits, '_' or '-' "
                    + "separated by '/'", bad.getMessage());
            var enc = assertThrows(KeySourceException.class,
                    () -> source.unwrap(new NexusKeyRef("team-a/app", "", "not base64!")));
            assertEquals("nexus key team-a/app: enc is not valid base64", enc.getMessage());
        }
        assertEquals(0, bed.nexus.totalRequests());
    }

    @Test
    void environmentConstructorConnectsLazilyAndNeedsAnIdentity() {
        var env = new Environment(Map.of(NexusSettings.ENV_API_URL, bed.url().toString()), Path.of("/tmp"),
                Path.of("/tmp"));
        try (var source = new NexusKeySource(env)) {
            var e = assertThrows(KeySourceException.class,
                    () -> source.unwrap(new NexusKeyRef("team-a/app", "", "AQ==")));
            assertEquals("no SPIFFE identity for Nexus: set SOPS4J_SPIFFE_DIR (spiffe-helper files) or "
                    + "SPIFFE_ENDPOINT_SOCKET (Workload API)", e.getMessage());
        }
        assertEquals(0, bed.nexus.totalRequests());
    }

    @Test
    void badConfigurationIsReportedOnFirstUse() {
        var env = new Environment(Map.of(NexusSettings.ENV_PATH_PREFIX, "a.b"), Path.of("/tmp"), Path.of("/tmp"));
        try (var source = new NexusKeySource(env)) {
            var e = assertThrows(KeySourceException.class,
                    () -> source.unwrap(new NexusKeyRef("team-a/app", "", "AQ==")));
            assertEquals("invalid Nexus configuration: invalid Nexus path prefix 'a.b': use segments of letters, "
                    + "digits, '_' or '-' ending in '/'", e.getMessage());
        }
    }

    @Test
    void environmentConstructorUsesSpiffeHelperFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (var admin = bed.admin()) {
            admin.create("team-a/app");
        }
        bed.grantDeployerRead();
        bed.pki.issue(Testbed.DEPLOYER).writeTo(dir.resolve("svid"));
        var env = new Environment(Map.of(NexusSettings.ENV_API_URL, bed.url() + "/",
                NexusSettings.ENV_SPIFFE_DIR, "svid"), dir, dir);
        try (var source = new NexusKeySource(env)) {
            NexusKeyRef r = source.wrap(new NexusKeyRef("team-a/app", "", ""), SecretBytes.copyOf(dataKey));
            try (SecretBytes k = source.unwrap(r)) {
                assertArrayEquals(dataKey, k.copy());
            }
        }
    }
}
