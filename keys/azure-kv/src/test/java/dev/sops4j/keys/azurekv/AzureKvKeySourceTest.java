package dev.sops4j.keys.azurekv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AzureKvKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.keys.azurekv.fake.FakeKeyVault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureKvKeySourceTest {
    static final String TOKEN = "eyJ0eXAiOiJKV1Qi.test-token";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:11:12Z"), ZoneOffset.UTC);
    static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DATA_KEY[i] = (byte) (i * 13);
        }
    }

    @TempDir
    Path dir;
    FakeKeyVault kv;
    String v1;
    final List<String> scopes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        kv = FakeKeyVault.start().acceptToken(TOKEN);
        v1 = kv.createKey("sops-key");
    }

    @AfterEach
    void stop() {
        kv.close();
    }

    private AzureKvKeySource source(String token) {
        return new AzureKvKeySource(new Environment(Map.of(), dir, dir), CLOCK, env -> scope -> {
            scopes.add(scope);
            return token;
        });
    }

    @Test
    void roundTripResolvesTheLatestVersionAndStoresRawUrlBase64() {
        String v2 = kv.createKey("sops-key");
        AzureKvKeySource s = source(TOKEN);
        AzureKvKeyRef wrapped = s.wrap(new AzureKvKeyRef(kv.vaultUrl(), "sops-key", "", "", ""),
                SecretBytes.copyOf(DATA_KEY));
        assertEquals(v2, wrapped.version());
        assertEquals("2026-12-04T10:11:12Z", wrapped.createdAt());
        assertTrue(wrapped.enc().matches("[A-Za-z0-9_-]{342}"), wrapped.enc());
        assertEquals(256, Base64.getUrlDecoder().decode(wrapped.enc()).length);
        assertArrayEquals(DATA_KEY, s.unwrap(wrapped).copy());
        List<FakeKeyVault.Seen> seen = kv.seen();
        assertEquals("GET /keys/sops-key?api-version=7.4", seen.get(0).method() + " " + seen.get(0).pathAndQuery());
        assertEquals("POST /keys/sops-key/" + v2 + "/encrypt?api-version=7.4",
                seen.get(1).method() + " " + seen.get(1).pathAndQuery());
        assertTrue(seen.get(1).body().startsWith("{\"alg\":\"RSA-OAEP-256\",\"value\":\""), seen.get(1).body());
        assertEquals("Bearer " + TOKEN, seen.get(1).authorization().orElseThrow());
        assertEquals("https://vault.azure.net/.default", scopes.get(0));
        AzureKvKeyRef pinned = s.wrap(new AzureKvKeyRef(kv.vaultUrl(), "sops-key", v1, "", ""),
                SecretBytes.copyOf(DATA_KEY));
        assertEquals(v1, pinned.version());
        assertArrayEquals(DATA_KEY, s.unwrap(pinned).copy());
    }

    @Test
    void wrongTokenUnknownKeyForeignCiphertextAndServiceError() {
        AzureKvKeySource good = source(TOKEN);
        AzureKvKeyRef wrapped = good.wrap(new AzureKvKeyRef(kv.vaultUrl(), "sops-key", v1, "", ""),
                SecretBytes.copyOf(DATA_KEY));
        KeySourceException bad = assertThrows(KeySourceException.class, () -> source("eyJ.wrong").unwrap(wrapped));
        assertEquals("failed to decrypt data key with Azure Key Vault key " + kv.vaultUrl() + "/keys/sops-key/" + v1
                + ": Unauthorized (HTTP 401): AKV10032: Invalid issuer. Expected one of "
                + "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/.", bad.getMessage());
        assertFalse(bad.getMessage().contains("eyJ"));
        assertEquals("failed to encrypt data key with Azure Key Vault key " + kv.vaultUrl() + "/keys/nope/: "
                        + "KeyNotFound (HTTP 404): A key with (name/id) nope was not found in this key vault. If you "
                        + "recently deleted this key you may be able to recover it using the correct recovery command. "
                        + "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182",
                assertThrows(KeySourceException.class, () -> good.wrap(
                        new AzureKvKeyRef(kv.vaultUrl(), "nope", "", "", ""), SecretBytes.copyOf(DATA_KEY)))
                        .getMessage());
        String v2 = kv.createKey("sops-key");
        AzureKvKeyRef otherVersion = new AzureKvKeyRef(kv.vaultUrl(), "sops-key", v2, "", wrapped.enc());
        assertTrue(assertThrows(KeySourceException.class, () -> good.unwrap(otherVersion)).getMessage()
                .endsWith("/keys/sops-key/" + v2 + ": BadParameter (HTTP 400): The parameter is incorrect."));
        kv.failing(true);
        assertTrue(assertThrows(KeySourceException.class, () -> good.unwrap(wrapped)).getMessage()
                .endsWith(": ServiceUnavailable (HTTP 503): The service is unavailable, please retry later."));
    }
}
