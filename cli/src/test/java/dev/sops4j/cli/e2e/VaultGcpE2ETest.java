package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.keys.gcpkms.fake.FakeCloudKms;
import dev.sops4j.keys.hcvault.fake.FakeVault;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault transit and Google Cloud KMS through the CLI, configured only as a user would: {@code VAULT_TOKEN},
 * {@code GOOGLE_OAUTH_ACCESS_TOKEN}, {@code SOPS_GCP_KMS_ENDPOINT}, keys from flags or {@code .sops.yaml}. The
 * loopback stand-ins check the token, bind ciphertexts to their key and answer with the services' error bodies.
 */
class VaultGcpE2ETest {
    static final String GCP_KEY = "projects/acme/locations/global/keyRings/sops/cryptoKeys/app";
    static final String VAULT_TOKEN = "hvs.e2e-token";
    static final String GCP_TOKEN = "ya29.e2e-token";
    static final String PLAIN = "db: hunter2\nlist:\n    - a\n    - b\n";

    @TempDir
    Path dir;
    FakeVault vault;
    FakeCloudKms gcp;

    @BeforeEach
    void start() throws Exception {
        Fixtures.assumeWorking(dir, "yaml", "a: b\n");
        vault = FakeVault.start(VAULT_TOKEN, null).transit("team/transit", "app");
        gcp = FakeCloudKms.start().key(GCP_KEY).acceptToken(GCP_TOKEN);
    }

    @AfterEach
    void stop() {
        if (vault != null) {
            vault.close();
        }
        if (gcp != null) {
            gcp.close();
        }
    }

    String vaultUri() {
        return vault.address() + "/v1/team/transit/keys/app";
    }

    Map<String, String> env(String vaultToken, String gcpToken) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VAULT_TOKEN", vaultToken);
        env.put("GOOGLE_OAUTH_ACCESS_TOKEN", gcpToken);
        env.put("SOPS_GCP_KMS_ENDPOINT", gcp == null ? "http://127.0.0.1:9" : gcp.endpoint());
        return env;
    }

    Result sops(Map<String, String> env, String... args) {
        return CliProcess.run(dir, env, args);
    }

    /** The sops block as sops 3.13 writes it for one group holding a gcp_kms and an hc_vault key. */
    Matcher metadata(String file) {
        Pattern p = Pattern.compile("sops:\n"
                + "    gcp_kms:\n"
                + "        - created_at: \"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\"\n"
                + "          enc: ([A-Za-z0-9+/]+={0,2})\n"
                + "          resource_id: " + Pattern.quote(GCP_KEY) + "\n"
                + "    hc_vault:\n"
                + "        - created_at: \"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\"\n"
                + "          enc: (vault:v1:[A-Za-z0-9+/]+={0,2})\n"
                + "          engine_path: team/transit\n"
                + "          key_name: app\n"
                + "          vault_address: " + Pattern.quote(vault.address()) + "\n"
                + "    lastmodified: \"[^\"]+\"\n"
                + "    mac: ENC\\[AES256_GCM,[^\\]]+\\]\n"
                + "    unencrypted_suffix: _unencrypted\n"
                + "    version: [0-9.]+\n$");
        Matcher m = p.matcher(file.substring(file.indexOf("sops:\n")));
        assertTrue(m.matches(), file);
        return m;
    }

    @Test
    void keyGroupFromConfigRotateThenDecryptWithOnlyOneReachable() {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: \\.yaml$\n    key_groups:\n"
                + "      - gcp_kms:\n          - resource_id: " + GCP_KEY + "\n"
                + "        hc_vault:\n          - " + vaultUri() + "\n");
        write(dir.resolve("s.yaml"), PLAIN);
        Result enc = sops(env(VAULT_TOKEN, GCP_TOKEN), "encrypt", "-i", "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        assertEquals("", enc.err());
        Matcher first = metadata(read(dir.resolve("s.yaml")));
        FakeVault.Seen vaultCall = vault.seen().get(0);
        assertEquals("/v1/team/transit/encrypt/app", vaultCall.path());
        assertEquals(VAULT_TOKEN, vaultCall.token().orElseThrow());
        assertEquals("Bearer " + GCP_TOKEN, gcp.seen().get(0).authorization().orElseThrow());

        Result rot = sops(env(VAULT_TOKEN, GCP_TOKEN), "rotate", "-i", "s.yaml");
        assertEquals(0, rot.code(), rot.err());
        Matcher rotated = metadata(read(dir.resolve("s.yaml")));
        assertNotEquals(first.group(2), rotated.group(2), "gcp enc re-wrapped");
        assertNotEquals(first.group(4), rotated.group(4), "vault enc re-wrapped");

        Result onlyVault = sops(env(VAULT_TOKEN, "ya29.revoked"), "decrypt", "s.yaml");
        assertEquals(0, onlyVault.code(), onlyVault.err());
        assertEquals(PLAIN, onlyVault.out());
        Result onlyGcp = sops(env("hvs.revoked", GCP_TOKEN), "decrypt", "s.yaml");
        assertEquals(0, onlyGcp.code(), onlyGcp.err());
        assertEquals(PLAIN, onlyGcp.out());

        Result none = sops(env("hvs.revoked", "ya29.revoked"), "decrypt", "s.yaml");
        assertEquals(128, none.code());
        // at most three lines: the likeliest cause first, then the group naming each key once
        assertTrue(none.err().split("\n", -1).length - 1 <= 3, none.err());
        assertTrue(none.err().contains("gcp_kms " + GCP_KEY), none.err());
        assertTrue(none.err().contains("UNAUTHENTICATED (HTTP 401)"), none.err());
        assertTrue(none.err().contains("hc_vault " + vaultUri()), none.err());
        assertTrue(none.err().contains("Vault answered HTTP 403: permission denied"), none.err());
        assertFalse(none.err().contains("revoked"), "no token in the message");

        String gcpEndpoint = gcp.endpoint();
        gcp.close();
        gcp = null;
        Map<String, String> down = env(VAULT_TOKEN, GCP_TOKEN);
        down.put("SOPS_GCP_KMS_ENDPOINT", gcpEndpoint);
        Result gcpDown = sops(down, "decrypt", "s.yaml");
        assertEquals(0, gcpDown.code(), gcpDown.err());
        assertEquals(PLAIN, gcpDown.out());
        vault.close();
        vault = null;
        Result bothDown = sops(down, "decrypt", "s.yaml");
        assertEquals(128, bothDown.code());
        assertTrue(bothDown.err().contains("cannot reach Cloud KMS at " + gcpEndpoint + ": connection refused"),
                bothDown.err());
        assertTrue(bothDown.err().contains(": connection refused)\n"), bothDown.err());
    }

    @Test
    void wrongVaultTokenIsExit128NamingTheKeyAndTheCause() {
        write(dir.resolve("s.yaml"), PLAIN);
        Result enc = sops(env(VAULT_TOKEN, GCP_TOKEN), "encrypt", "-i", "--hc-vault-transit", vaultUri(), "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        Result dec = sops(env("hvs.wrong", GCP_TOKEN), "decrypt", "s.yaml");
        assertEquals(128, dec.code());
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Failed to decrypt data key with"
                + " Vault transit key: Vault answered HTTP 403: permission denied\nGroup 0: FAILED (hc_vault "
                + vaultUri() + ")\n", dec.err());
    }

    @Test
    void flagsEnvAndRotateAddRemove() {
        write(dir.resolve("s.yaml"), PLAIN);
        Map<String, String> env = env(VAULT_TOKEN, GCP_TOKEN);
        env.put("SOPS_GCP_KMS_IDS", GCP_KEY);
        Result enc = sops(env, "encrypt", "-i", "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        assertTrue(read(dir.resolve("s.yaml")).contains("    gcp_kms:\n"));
        Result add = sops(env, "rotate", "-i", "--add-hc-vault-transit", vaultUri(), "--rm-gcp-kms", GCP_KEY, "s.yaml");
        assertEquals(0, add.code(), add.err());
        String file = read(dir.resolve("s.yaml"));
        assertFalse(file.contains("gcp_kms"), file);
        assertTrue(file.contains("          vault_address: " + vault.address() + "\n"), file);
        gcp.close();
        gcp = null;
        Result dec = sops(env(VAULT_TOKEN, "unused"), "decrypt", "s.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
    }
}
