package dev.sops4j.keys.hcvault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.keys.hcvault.fake.FakeVault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HcVaultKeySourceTest {
    static final String TOKEN = "hvs.CAESIJ-test-token-0123456789";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:11:12.345Z"), ZoneOffset.UTC);
    static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DATA_KEY[i] = (byte) (i * 7 + 1);
        }
    }

    @TempDir
    Path home;
    FakeVault vault;

    @BeforeEach
    void start() throws Exception {
        vault = FakeVault.start(TOKEN, null).transit("transit", "app", "other").transit("team/transit", "app");
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private HcVaultKeySource source(Map<String, String> vars) {
        return new HcVaultKeySource(new Environment(vars, home, home), CLOCK);
    }

    private HcVaultKeyRef ref(String engine, String key) {
        return new HcVaultKeyRef(vault.address(), engine, key, "", "");
    }

    @Test
    void roundTripSendsTheTokenAndStoresTheTransitCiphertext() {
        HcVaultKeySource s = source(Map.of("VAULT_TOKEN", TOKEN, "VAULT_ADDR", "http://127.0.0.1:9"));
        HcVaultKeyRef wrapped = s.wrap(ref("team/transit", "app"), SecretBytes.copyOf(DATA_KEY));
        assertTrue(wrapped.enc().startsWith("vault:v1:"), wrapped.enc());
        assertEquals("2026-12-04T10:11:12Z", wrapped.createdAt());
        assertEquals(vault.address() + "/v1/team/transit/keys/app", wrapped.describe());
        try (SecretBytes back = s.unwrap(wrapped)) {
            assertArrayEquals(DATA_KEY, back.copy());
        }
        FakeVault.Seen enc = vault.seen().get(0);
        assertEquals("POST", enc.method());
        assertEquals("/v1/team/transit/encrypt/app", enc.path());
        assertEquals(TOKEN, enc.token().orElseThrow());
        assertEquals("{\"plaintext\":\"" + Base64.getEncoder().encodeToString(DATA_KEY) + "\"}", enc.body());
        FakeVault.Seen dec = vault.seen().get(1);
        assertEquals("/v1/team/transit/decrypt/app", dec.path());
        assertEquals("{\"ciphertext\":\"" + wrapped.enc() + "\"}", dec.body());
    }

    @Test
    void tokenFileAndNamespace() throws Exception {
        vault.close();
        vault = FakeVault.start(TOKEN, "admin/team").transit("transit", "app");
        Files.writeString(home.resolve(".vault-token"), TOKEN + "\n");
        HcVaultKeySource s = source(Map.of("VAULT_NAMESPACE", "admin/team"));
        HcVaultKeyRef wrapped = s.wrap(ref("transit", "app"), SecretBytes.copyOf(DATA_KEY));
        assertArrayEquals(DATA_KEY, s.unwrap(wrapped).copy());
        assertEquals("admin/team", vault.seen().get(0).namespace().orElseThrow());
        assertEquals(TOKEN, vault.seen().get(0).token().orElseThrow());
    }

    @Test
    void keyVersionsDecryptAfterRotation() {
        HcVaultKeySource s = source(Map.of("VAULT_TOKEN", TOKEN));
        HcVaultKeyRef v1 = s.wrap(ref("transit", "app"), SecretBytes.copyOf(DATA_KEY));
        vault.rotate("transit", "app");
        HcVaultKeyRef v2 = s.wrap(ref("transit", "app"), SecretBytes.copyOf(DATA_KEY));
        assertTrue(v2.enc().startsWith("vault:v2:"), v2.enc());
        assertArrayEquals(DATA_KEY, s.unwrap(v1).copy());
        assertArrayEquals(DATA_KEY, s.unwrap(v2).copy());
    }

    @Test
    void wrongTokenIsOneLineNamingTheKeyWithoutTheToken() {
        HcVaultKeyRef wrapped = source(Map.of("VAULT_TOKEN", TOKEN)).wrap(ref("transit", "app"),
                SecretBytes.copyOf(DATA_KEY));
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source(Map.of("VAULT_TOKEN", "hvs.wrong")).unwrap(wrapped));
        assertEquals("failed to decrypt data key with Vault transit key " + vault.address()
                + "/v1/transit/keys/app: Vault answered HTTP 403: permission denied", e.getMessage());
        assertFalse(e.getMessage().contains("hvs."));
        KeySourceException none = assertThrows(KeySourceException.class,
                () -> source(Map.of()).unwrap(wrapped));
        assertTrue(none.getMessage().endsWith(": Vault answered HTTP 403: permission denied"), none.getMessage());
    }

    @Test
    void unknownKeyMountAndForeignCiphertext() {
        HcVaultKeySource s = source(Map.of("VAULT_TOKEN", TOKEN));
        assertEquals("failed to encrypt data key with Vault transit key " + vault.address()
                        + "/v1/transit/keys/nope: Vault answered HTTP 400: encryption key not found",
                assertThrows(KeySourceException.class,
                        () -> s.wrap(ref("transit", "nope"), SecretBytes.copyOf(DATA_KEY))).getMessage());
        assertEquals("failed to encrypt data key with Vault transit key " + vault.address()
                        + "/v1/nomount/keys/app: Vault answered HTTP 404: no handler for route "
                        + "\"nomount/encrypt/app\". route entry not found.",
                assertThrows(KeySourceException.class,
                        () -> s.wrap(ref("nomount", "app"), SecretBytes.copyOf(DATA_KEY))).getMessage());
        HcVaultKeyRef forApp = s.wrap(ref("transit", "app"), SecretBytes.copyOf(DATA_KEY));
        HcVaultKeyRef other = ref("transit", "other").withEnc(forApp.enc());
        assertTrue(assertThrows(KeySourceException.class, () -> s.unwrap(other)).getMessage()
                .endsWith("/v1/transit/keys/other: Vault answered HTTP 400: cipher: message authentication failed"));
    }

    @Test
    void serviceErrorAndUnreachableServer() throws Exception {
        HcVaultKeySource s = source(Map.of("VAULT_TOKEN", TOKEN));
        HcVaultKeyRef wrapped = s.wrap(ref("transit", "app"), SecretBytes.copyOf(DATA_KEY));
        vault.failing(true);
        assertTrue(assertThrows(KeySourceException.class, () -> s.unwrap(wrapped)).getMessage()
                .endsWith(": Vault answered HTTP 500: internal error"));
        String address = vault.address();
        vault.close();
        assertEquals("failed to decrypt data key with Vault transit key " + address
                        + "/v1/transit/keys/app: cannot reach Vault at " + address + ": connection refused",
                assertThrows(KeySourceException.class, () -> s.unwrap(wrapped)).getMessage());
    }

    @Test
    void badSkipVerifyValueIsNamed() {
        Map<String, String> vars = new HashMap<>(Map.of("VAULT_TOKEN", TOKEN, "VAULT_SKIP_VERIFY", "maybe"));
        assertEquals("failed to encrypt data key with Vault transit key " + vault.address()
                        + "/v1/transit/keys/app: could not parse VAULT_SKIP_VERIFY 'maybe': use true or false",
                assertThrows(KeySourceException.class,
                        () -> source(vars).wrap(ref("transit", "app"), SecretBytes.copyOf(DATA_KEY))).getMessage());
    }
}
