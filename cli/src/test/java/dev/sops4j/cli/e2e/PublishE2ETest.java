package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.keys.gcpkms.fake.FakeGcs;
import dev.sops4j.kms.fake.FakeAws;
import dev.sops4j.kms.fake.FakeS3Server;
import dev.sops4j.keys.hcvault.fake.FakeVault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish} with {@code destination_rules}: Vault KV v1 and v2 (the loopback Vault stand-in records the
 * secrets written), {@code --recursive}, {@code --omit-extensions}, the confirmation prompt and {@code --yes}.
 */
class PublishE2ETest {
    static final String TOKEN = "hvs.publish";

    @TempDir
    Path dir;
    FakeVault vault;
    Fixtures.AgeKey age;

    @BeforeEach
    void start() throws Exception {
        Fixtures.assumeWorking(dir, "yaml", "a: b\n");
        age = Fixtures.AgeKey.generate();
        vault = FakeVault.start(TOKEN, null).kv("secret", 2).kv("kv1", 1);
    }

    @AfterEach
    void stop() {
        if (vault != null) {
            vault.close();
        }
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(age.env());
        env.put("VAULT_TOKEN", TOKEN);
        env.put("VAULT_ADDR", vault.address());
        return env;
    }

    void encrypted(String name, String plain) throws Exception {
        Files.createDirectories(dir.resolve(name).getParent());
        write(dir.resolve(name), plain);
        Result r = CliProcess.run(dir, env(), "encrypt", "-i", "--age", age.recipient(), name);
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void s3UploadsTheEncryptedFileSignedWithTheUsersKeys() throws Exception {
        try (FakeAws aws = FakeAws.start(); FakeS3Server s3 = FakeS3Server.start(aws.account()).bucket("acme-secrets")) {
            write(dir.resolve(".sops.yaml"), "destination_rules:\n"
                    + "  - path_regex: ^s3/\n    s3_bucket: acme-secrets\n    s3_prefix: team/\n");
            encrypted("s3/db.yaml", "user: admin\n");
            Map<String, String> env = env();
            env.putAll(aws.environment());
            env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
            env.put("AWS_REGION", "eu-west-1");
            Result r = CliProcess.run(dir, env, "publish", "-y", "s3/db.yaml");
            assertEquals(0, r.code(), r.err());
            assertEquals(Files.readString(dir.resolve("s3/db.yaml")),
                    new String(s3.object("acme-secrets", "team/db.yaml").orElseThrow(), StandardCharsets.UTF_8));
            env.put("AWS_SECRET_ACCESS_KEY", "wrong");
            Result bad = CliProcess.run(dir, env, "publish", "-y", "s3/db.yaml");
            assertEquals(1, bad.code());
            assertTrue(bad.err().startsWith("failed to publish db.yaml to s3://acme-secrets/team/db.yaml: "), bad.err());
            assertEquals(1, bad.err().split("\n", -1).length - 1, bad.err());
        }
    }

    @Test
    void gcsWithRecreationRuleAndOmitExtensions() throws Exception {
        Fixtures.AgeKey reader = Fixtures.AgeKey.generate();
        try (FakeGcs gcs = FakeGcs.start().bucket("acme-secrets")) {
            write(dir.resolve(".sops.yaml"), "destination_rules:\n"
                    + "  - path_regex: ^gcs/\n    gcs_bucket: acme-secrets\n    gcs_prefix: team/\n"
                    + "    recreation_rule:\n      age: " + reader.recipient() + "\n"
                    + "  - path_regex: ^missing/\n    gcs_bucket: no-such-bucket\n");
            encrypted("gcs/app.yaml", "password: hunter2\n");
            encrypted("missing/app.yaml", "password: hunter2\n");
            Map<String, String> env = env();
            env.put("STORAGE_EMULATOR_HOST", gcs.host());
            Result r = CliProcess.run(dir, env, "publish", "-y", "--omit-extensions", "gcs/app.yaml");
            assertEquals(0, r.code(), r.err());
            byte[] object = gcs.object("acme-secrets", "team/app").orElseThrow();
            write(dir.resolve("published.yaml"), new String(object, StandardCharsets.UTF_8));
            Result dec = CliProcess.run(dir, reader.env(), "decrypt", "published.yaml");
            assertEquals(0, dec.code(), dec.err());
            assertEquals("password: hunter2\n", dec.out());
            assertEquals(128, CliProcess.run(dir, age.env(), "decrypt", "published.yaml").code(),
                    "re-encrypted for the recreation rule's keys only");
            Result missing = CliProcess.run(dir, env, "publish", "-y", "missing/app.yaml");
            assertEquals(1, missing.code());
            assertEquals("failed to publish app.yaml to gcs://no-such-bucket/app.yaml: HTTP 404: The specified bucket "
                    + "does not exist.\n", missing.err());
        }
    }

    @Test
    void vaultKvV2AndV1RecursiveOmitExtensionsAndPrompt() throws Exception {
        write(dir.resolve(".sops.yaml"), "destination_rules:\n"
                + "  - path_regex: ^prod/\n    vault_path: apps/prod\n"
                + "  - path_regex: ^legacy/\n    vault_path: old\n    vault_kv_mount_name: kv1/\n    vault_kv_version: 1\n"
                + "    vault_address: " + vault.address() + "\n    omit_extensions: true\n"
                + "  - path_regex: ^s3/\n    s3_bucket: acme-secrets\n    s3_prefix: team/\n");
        encrypted("prod/db.yaml", "user: admin\nport: 5432\nnested:\n    k: v\n");
        encrypted("prod/api.json", "{\"token\": \"t0k\"}");
        encrypted("legacy/app.yaml", "password: hunter2\n");

        Result noFlag = CliProcess.run(dir, env(), "publish", "prod");
        assertEquals(1, noFlag.code());
        assertEquals("can't operate on a directory without --recursive flag.\n", noFlag.err());

        Result all = CliProcess.run(dir, env(), "publish", "--yes", "--recursive", "prod");
        assertEquals(0, all.code(), all.err());
        assertEquals("{\"data\":{\"user\":\"admin\",\"port\":5432,\"nested\":{\"k\":\"v\"}}}",
                vault.secret("secret/data/apps/prod/db.yaml").orElseThrow().replaceAll("\\s", ""));
        assertEquals("{\"data\":{\"token\":\"t0k\"}}",
                vault.secret("secret/data/apps/prod/api.json").orElseThrow().replaceAll("\\s", ""));
        assertEquals(TOKEN, vault.seen().get(0).token().orElseThrow());

        Result declined = CliProcess.run(dir, env(), "n\n".getBytes(StandardCharsets.UTF_8), "publish", "legacy/app.yaml");
        assertEquals(0, declined.code(), declined.err());
        assertEquals("uploading legacy/app.yaml to " + vault.address() + "/v1/kv1/old/app ? (y/n): "
                + "Publication of legacy/app.yaml canceled\n", declined.out());
        assertTrue(vault.secret("kv1/old/app").isEmpty());
        Result accepted = CliProcess.run(dir, env(), "y\n".getBytes(StandardCharsets.UTF_8), "publish", "legacy/app.yaml");
        assertEquals(0, accepted.code(), accepted.err());
        assertEquals("{\"password\":\"hunter2\"}", vault.secret("kv1/old/app").orElseThrow().replaceAll("\\s", ""));

        Result viaEnv = CliProcess.run(dir, env(), "n\n".getBytes(StandardCharsets.UTF_8), "publish", "prod/db.yaml");
        assertEquals("uploading prod/db.yaml to " + vault.address() + "/v1/secret/data/apps/prod/db.yaml ? (y/n): "
                + "Publication of prod/db.yaml canceled\n", viaEnv.out());

        Result wrongToken = CliProcess.run(dir, Map.of("SOPS_AGE_KEY", age.identity(), "VAULT_TOKEN", "hvs.bad",
                "VAULT_ADDR", vault.address()), "publish", "-y", "prod/db.yaml");
        assertEquals(1, wrongToken.code());
        assertEquals("failed to publish db.yaml to " + vault.address() + "/v1/secret/data/apps/prod/db.yaml: Vault "
                + "answered HTTP 403: permission denied\n", wrongToken.err());

        Result s3 = CliProcess.run(dir, env(), "publish", "-y", "s3/x.yaml");
        assertEquals(100, s3.code(), "s3/x.yaml does not exist: " + s3.err());

        Result none = CliProcess.run(dir, env(), "publish", "-y", ".sops.yaml");
        assertEquals(1, none.code());
        assertTrue(none.err().startsWith("error loading config: no matching destination rules found in "), none.err());
    }
}
