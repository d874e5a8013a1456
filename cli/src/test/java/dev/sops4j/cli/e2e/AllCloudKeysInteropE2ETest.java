package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.keys.azurekv.fake.FakeKeyVault;
import dev.sops4j.keys.gcpkms.fake.FakeCloudKms;
import dev.sops4j.keys.hckms.fake.FakeHckms;
import dev.sops4j.keys.hcvault.fake.FakeVault;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file wrapped for age + gcp_kms + azure_kv + hc_vault + hckms, all four cloud services played by loopback
 * stand-ins: sops4j writes it from a {@code .sops.yaml} key group (Azure's token comes from azure-identity's managed
 * identity flow, {@code IDENTITY_ENDPOINT}), decrypts it with the age key alone, {@code rotate} and
 * {@code updatekeys} keep every entry, and the real sops 3.13.2 (cloud services compiled out, metadata handling
 * upstream) decrypts every version through age.
 */
class AllCloudKeysInteropE2ETest {
    static final String GCP_KEY = "projects/acme/locations/global/keyRings/sops/cryptoKeys/app";
    static final String PROJECT = "0a1b2c3d4e5f67890a1b2c3d4e5f6789";
    static final String PLAIN = "db: hunter2\nlist:\n    - a\n    - b\n";

    @TempDir
    Path dir;
    FakeVault vault;
    FakeCloudKms gcp;
    FakeKeyVault azure;
    FakeHckms hckms;
    Fixtures.AgeKey age;
    String azureVersion;
    String hckmsKey;

    @BeforeEach
    void start() throws Exception {
        Fixtures.assumeWorking(dir, "yaml", "a: b\n");
        age = Fixtures.AgeKey.generate();
        vault = FakeVault.start("hvs.all", null).transit("transit", "app");
        gcp = FakeCloudKms.start().key(GCP_KEY).acceptToken("ya29.all");
        azure = FakeKeyVault.start();
        azureVersion = azure.createKey("sops-key");
        hckms = FakeHckms.start(PROJECT).credentials("HPUAALLKEYS000000001", "all-keys-secret");
        hckmsKey = hckms.createKey();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {vault, gcp, azure, hckms}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    Map<String, String> cloudEnv() {
        Map<String, String> env = new LinkedHashMap<>(age.env());
        env.put("VAULT_TOKEN", "hvs.all");
        env.put("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.all");
        env.put("SOPS_GCP_KMS_ENDPOINT", gcp.endpoint());
        env.put("IDENTITY_ENDPOINT", azure.identityEndpoint());
        env.put("IDENTITY_HEADER", FakeKeyVault.IDENTITY_HEADER);
        env.put("HUAWEICLOUD_SDK_AK", "HPUAALLKEYS000000001");
        env.put("HUAWEICLOUD_SDK_SK", "all-keys-secret");
        env.put("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT);
        env.put("SOPS4J_HCKMS_ENDPOINT", hckms.endpoint());
        return env;
    }

    void config(String... extraAge) {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: \\.yaml$\n    key_groups:\n"
                + "      - age: [" + String.join(", ", concat(age.recipient(), extraAge)) + "]\n"
                + "        gcp_kms: [{resource_id: " + GCP_KEY + "}]\n"
                + "        azure_keyvault: [{vaultUrl: '" + azure.vaultUrl() + "', key: sops-key, version: '"
                + azureVersion + "'}]\n"
                + "        hc_vault: ['" + vault.address() + "/v1/transit/keys/app']\n"
                + "        hckms: [{key_id: 'tr-west-1:" + hckmsKey + "'}]\n");
    }

    static String[] concat(String first, String... rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** The five key entries (in the file's alphabetical order), asserting every field sops writes. */
    List<String> encs(String file) {
        String sops = file.substring(file.indexOf("sops:\n"));
        Pattern p = Pattern.compile("sops:\n"
                + "    age:\n(?:        - enc: \\|\n(?:            .*\n)+          recipient: age1[a-z0-9]+\n)+"
                + "    azure_kv:\n        - created_at: \"[0-9TZ:-]+\"\n          enc: ([A-Za-z0-9_-]+)\n"
                + "          name: sops-key\n          vault_url: " + Pattern.quote(azure.vaultUrl()) + "\n"
                + "          version: " + azureVersion + "\n"
                + "    gcp_kms:\n        - created_at: \"[0-9TZ:-]+\"\n          enc: ([A-Za-z0-9+/=]+)\n"
                + "          resource_id: " + Pattern.quote(GCP_KEY) + "\n"
                + "    hc_vault:\n        - created_at: \"[0-9TZ:-]+\"\n          enc: (vault:v1:[A-Za-z0-9+/=]+)\n"
                + "          engine_path: transit\n          key_name: app\n"
                + "          vault_address: " + Pattern.quote(vault.address()) + "\n"
                + "    hckms:\n        - created_at: \"[0-9TZ:-]+\"\n          enc: ([A-Za-z0-9+/=]+)\n"
                + "          key_id: tr-west-1:" + hckmsKey + "\n"
                + "    lastmodified: .*\n    mac: .*\n    unencrypted_suffix: _unencrypted\n    version: .*\n$");
        Matcher m = p.matcher(sops);
        assertTrue(m.matches(), sops);
        return List.of(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    @Test
    void fiveKeyTypesAgeAloneDecryptsRotateAndUpdatekeysKeepEveryEntryRealSopsAgrees() throws Exception {
        Path realSops = realSops();
        config();
        write(dir.resolve("s.yaml"), PLAIN);
        Result enc = CliProcess.run(dir, cloudEnv(), "encrypt", "-i", "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        List<String> first = encs(read(dir.resolve("s.yaml")));

        int gcpCalls = gcp.seen().size();
        Result ageOnly = CliProcess.run(dir, age.env(), "decrypt", "s.yaml");
        assertEquals(0, ageOnly.code(), ageOnly.err());
        assertEquals(PLAIN, ageOnly.out());
        assertEquals(gcpCalls, gcp.seen().size(), "age alone: no cloud call");
        assertEquals(PLAIN, runReal(realSops, "decrypt", "s.yaml"));

        Result rot = CliProcess.run(dir, cloudEnv(), "rotate", "-i", "s.yaml");
        assertEquals(0, rot.code(), rot.err());
        List<String> rotated = encs(read(dir.resolve("s.yaml")));
        for (int i = 0; i < 4; i++) {
            assertNotEquals(first.get(i), rotated.get(i), "entry " + i + " re-wrapped");
        }
        assertEquals(PLAIN, runReal(realSops, "decrypt", "s.yaml"));

        Fixtures.AgeKey second = Fixtures.AgeKey.generate();
        config(second.recipient());
        Result up = CliProcess.run(dir, cloudEnv(), "updatekeys", "-y", "s.yaml");
        assertEquals(0, up.code(), up.err());
        String updated = read(dir.resolve("s.yaml"));
        encs(updated);
        assertTrue(updated.contains("recipient: " + second.recipient() + "\n"), updated);
        assertEquals(PLAIN, CliProcess.run(dir, second.env(), "decrypt", "s.yaml").out());
        assertEquals(PLAIN, runReal(realSops, "decrypt", "s.yaml"));
    }

    Path realSops() throws IOException, InterruptedException {
        Path xz = SharedData.file("tools/sops-3.13.2-linux-amd64.xz");
        Path bin = dir.resolve("bin/sops");
        Files.createDirectories(bin.getParent());
        Process p = new ProcessBuilder("xz", "-dc", xz.toString()).redirectOutput(bin.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "xz -dc of the real sops");
        assertTrue(bin.toFile().setExecutable(true));
        return bin;
    }

    String runReal(Path sops, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(sops.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("SOPS_AGE_KEY", age.identity());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
