package dev.sops4j.keys.gcpkms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.GcpKmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.text.JsonMaps;
import dev.sops4j.keys.gcpkms.fake.FakeCloudKms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcpKmsKeySourceTest {
    static final String KEY = "projects/acme/locations/global/keyRings/sops/cryptoKeys/app";
    static final String OTHER = "projects/acme/locations/global/keyRings/sops/cryptoKeys/other";
    static final String TOKEN = "ya29.a0-test-access-token";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:11:12.9Z"), ZoneOffset.UTC);
    static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DATA_KEY[i] = (byte) (255 - i);
        }
    }

    @TempDir
    Path dir;
    FakeCloudKms kms;

    @BeforeEach
    void start() throws Exception {
        kms = FakeCloudKms.start().key(KEY).key(OTHER).acceptToken(TOKEN);
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    private GcpKmsKeySource source(String... kv) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("SOPS_GCP_KMS_ENDPOINT", kms.endpoint());
        for (int i = 0; i < kv.length; i += 2) {
            vars.put(kv[i], kv[i + 1]);
        }
        return new GcpKmsKeySource(new Environment(vars, dir, dir), CLOCK);
    }

    @Test
    void roundTripWithAnAccessToken() {
        GcpKmsKeySource s = source("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN);
        GcpKmsKeyRef wrapped = s.wrap(new GcpKmsKeyRef(KEY, "", ""), SecretBytes.copyOf(DATA_KEY));
        assertEquals("2026-12-04T10:11:12Z", wrapped.createdAt());
        assertEquals(12 + 32 + 16, Base64.getDecoder().decode(wrapped.enc()).length, "standard base64 ciphertext");
        assertArrayEquals(DATA_KEY, s.unwrap(wrapped).copy());
        FakeCloudKms.Seen enc = kms.seen().get(0);
        assertEquals("/v1/" + KEY + ":encrypt", enc.path());
        assertEquals("Bearer " + TOKEN, enc.authorization().orElseThrow());
        assertEquals("{\"plaintext\":\"" + Base64.getEncoder().encodeToString(DATA_KEY) + "\"}", enc.body());
        assertEquals("/v1/" + KEY + ":decrypt", kms.seen().get(1).path());
        assertEquals("{\"ciphertext\":\"" + wrapped.enc() + "\"}", kms.seen().get(1).body());
    }

    @Test
    void serviceAccountJsonThroughGoogleAuth() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        kms.serviceAccount("sops@acme.iam.gserviceaccount.com", pair.getPublic());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> sa = new LinkedHashMap<>();
        sa.put("type", "service_account");
        sa.put("project_id", "acme");
        sa.put("private_key_id", "0123abcd");
        sa.put("private_key", pem);
        sa.put("client_email", "sops@acme.iam.gserviceaccount.com");
        sa.put("client_id", "1234567890");
        sa.put("token_uri", kms.tokenUri());
        String json = new String(JsonMaps.write(sa), StandardCharsets.UTF_8);
        GcpKmsKeyRef wrapped = source("GOOGLE_CREDENTIALS", json).wrap(new GcpKmsKeyRef(KEY, "", ""),
                SecretBytes.copyOf(DATA_KEY));
        assertTrue(kms.seen().get(0).authorization().orElseThrow().startsWith("Bearer ya29.fake-"));
        Path file = Files.writeString(dir.resolve("sa.json"), json);
        assertArrayEquals(DATA_KEY, source("GOOGLE_CREDENTIALS", file.toString()).unwrap(wrapped).copy());
        assertArrayEquals(DATA_KEY, source("GOOGLE_APPLICATION_CREDENTIALS", file.toString()).unwrap(wrapped).copy());
    }

    @Test
    void wrongTokenIsOneLineNamingTheKey() {
        GcpKmsKeyRef wrapped = source("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN).wrap(new GcpKmsKeyRef(KEY, "", ""),
                SecretBytes.copyOf(DATA_KEY));
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.wrong").unwrap(wrapped));
        assertEquals("failed to decrypt data key with GCP KMS key " + KEY + ": UNAUTHENTICATED (HTTP 401): Request "
                + "had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid "
                + "authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
                e.getMessage());
        assertFalse(e.getMessage().contains("ya29"));
    }

    @Test
    void unknownKeyForeignCiphertextServiceErrorAndBadResourceId() {
        GcpKmsKeySource s = source("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN);
        String missing = "projects/acme/locations/global/keyRings/sops/cryptoKeys/missing";
        assertEquals("failed to encrypt data key with GCP KMS key " + missing + ": PERMISSION_DENIED (HTTP 403): "
                        + "Permission 'cloudkms.cryptoKeyVersions.useToEncrypt' denied on resource '" + missing
                        + "' (or it may not exist).",
                assertThrows(KeySourceException.class,
                        () -> s.wrap(new GcpKmsKeyRef(missing, "", ""), SecretBytes.copyOf(DATA_KEY))).getMessage());
        GcpKmsKeyRef wrapped = s.wrap(new GcpKmsKeyRef(KEY, "", ""), SecretBytes.copyOf(DATA_KEY));
        assertEquals("failed to decrypt data key with GCP KMS key " + OTHER + ": INVALID_ARGUMENT (HTTP 400): "
                        + "Decryption failed: the ciphertext is invalid.",
                assertThrows(KeySourceException.class,
                        () -> s.unwrap(new GcpKmsKeyRef(OTHER, "", wrapped.enc()))).getMessage());
        kms.failing(true);
        assertTrue(assertThrows(KeySourceException.class, () -> s.unwrap(wrapped)).getMessage()
                .endsWith(": UNAVAILABLE (HTTP 503): The service is currently unavailable."));
        assertEquals("failed to encrypt data key with GCP KMS key projects/p/keys/k: no valid resource ID found in "
                        + "'projects/p/keys/k' (expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)",
                assertThrows(KeySourceException.class, () -> s.wrap(new GcpKmsKeyRef("projects/p/keys/k", "", ""),
                        SecretBytes.copyOf(DATA_KEY))).getMessage());
    }

    @Test
    void endpointForms() {
        Environment base = new Environment(Map.of(), dir, dir);
        assertEquals("https://cloudkms.googleapis.com", GcpKmsSettings.from(base).endpoint());
        assertEquals("https://cloudkms.example.eu", GcpKmsSettings.from(
                base.with("SOPS_GCP_KMS_UNIVERSE_DOMAIN", "example.eu")).endpoint());
        assertEquals("https://kms.internal:8443", GcpKmsSettings.from(
                base.with("SOPS_GCP_KMS_ENDPOINT", "kms.internal:8443")).endpoint());
        assertEquals("http://127.0.0.1:1", GcpKmsSettings.from(
                base.with("SOPS_GCP_KMS_ENDPOINT", "http://127.0.0.1:1").with("SOPS_GCP_KMS_CLIENT_TYPE", "rest"))
                .endpoint());
        assertEquals("SOPS_GCP_KMS_CLIENT_TYPE must be grpc or rest, got 'soap'", assertThrows(GcpFailure.class,
                () -> GcpKmsSettings.from(base.with("SOPS_GCP_KMS_CLIENT_TYPE", "soap"))).getMessage());
    }
}
