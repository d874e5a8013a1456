package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import dev.sops4j.kms.fake.FakeAws;
import dev.sops4j.kms.fake.FakeAwsAccount;
import dev.sops4j.kms.fake.FakeKmsServer;
import dev.sops4j.kms.fake.FakeStsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI gets AWS credentials and KMS keys from, as in CD pipelines: an OIDC token file (web identity), a
 * named profile in {@code ~/.aws/credentials}, {@code SOPS_KMS_ARN}, and {@code .sops.yaml} creation rules.
 */
class KmsCredentialsE2ETest {
    static final String REGION = "us-east-1";
    static final String ROLE = "arn:aws:iam::" + FakeAws.ACCOUNT + ":role/gha-deploy";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvYXBwIn0.c2lnbmF0dXJl";
    static final String PLAIN = "db: hunter2\n";

    @TempDir
    Path dir;
    FakeAws aws;

    @BeforeEach
    void start() throws Exception {
        Fixtures.assumeWorking(dir, "yaml", "a: b\n");
        aws = FakeAws.start();
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    /** Endpoints only: no keys in the environment. */
    Map<String, String> bareEnv() {
        Map<String, String> env = new LinkedHashMap<>(aws.environment());
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        return env;
    }

    Result sops(Map<String, String> env, String... args) {
        return CliProcess.run(dir, env, args);
    }

    /** CliProcess sets HOME to the working directory, so this is the user's ~/.aws/credentials. */
    FakeAwsAccount.Identity profile(String name) throws Exception {
        FakeAwsAccount.Identity id = aws.account().addUser(name);
        Files.createDirectories(dir.resolve(".aws"));
        Files.writeString(dir.resolve(".aws/credentials"), "[" + name + "]\naws_access_key_id = " + id.accessKeyId()
                + "\naws_secret_access_key = " + id.secretAccessKey() + "\n");
        return id;
    }

    @Test
    void webIdentityTokenFileReachesStsThenKms() throws Exception {
        String arn = aws.kms().createKey(REGION);
        String principal = "arn:aws:sts::" + FakeAws.ACCOUNT + ":assumed-role/gha-deploy/sops@";
        aws.kms().restrict(arn, p -> p.startsWith(principal));
        Path token = dir.resolve("oidc-token");
        Files.writeString(token, TOKEN + "\n");
        aws.sts().trustWebIdentity(ROLE, TOKEN);
        Map<String, String> env = bareEnv();
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", ROLE);
        write(dir.resolve("s.yaml"), PLAIN);

        Result enc = sops(env, "encrypt", "-i", "--kms", arn, "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        Result dec = sops(env, "decrypt", "s.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());

        List<FakeStsServer.Call> sts = aws.sts().calls();
        assertEquals(2, sts.size(), sts.toString());
        for (FakeStsServer.Call c : sts) {
            assertEquals("AssumeRoleWithWebIdentity", c.action());
            assertEquals(ROLE, c.roleArn());
            assertEquals("", c.error());
        }
        List<FakeKmsServer.Call> kms = aws.kms().calls();
        assertEquals(List.of("Encrypt", "Decrypt"), kms.stream().map(FakeKmsServer.Call::operation).toList());
        for (FakeKmsServer.Call c : kms) {
            assertEquals("OK", c.outcome());
            assertTrue(c.principal().startsWith(principal), c.principal());
        }

        Files.writeString(token, "a-token-the-provider-did-not-issue\n");
        Result bad = sops(env, "decrypt", "s.yaml");
        assertEquals(128, bad.code(), bad.err());
        assertEquals(2, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().contains(arn) && bad.err().contains("InvalidIdentityToken"), bad.err());
    }

    @Test
    void webIdentityThenTheKeysOwnRoleChainsTwoRoles() throws Exception {
        String keyRole = "arn:aws:iam::" + FakeAws.ACCOUNT + ":role/secrets-reader";
        String arn = aws.kms().createKey(REGION);
        aws.kms().restrict(arn, p -> p.startsWith("arn:aws:sts::" + FakeAws.ACCOUNT + ":assumed-role/secrets-reader/"));
        Path token = dir.resolve("oidc-token");
        Files.writeString(token, TOKEN);
        aws.sts().trustWebIdentity(ROLE, TOKEN);
        Map<String, String> env = bareEnv();
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", ROLE);
        env.put("AWS_REGION", REGION);
        write(dir.resolve("s.yaml"), PLAIN);

        Result enc = sops(env, "encrypt", "-i", "--kms", arn + "+" + keyRole, "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        Result dec = sops(env, "decrypt", "s.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
        List<FakeStsServer.Call> sts = aws.sts().calls();
        assertEquals(4, sts.size(), sts.toString());
        for (int i = 0; i < 4; i += 2) {
            assertEquals("AssumeRoleWithWebIdentity", sts.get(i).action());
            assertEquals("AssumeRole", sts.get(i + 1).action());
            assertEquals(keyRole, sts.get(i + 1).roleArn());
            assertTrue(sts.get(i + 1).caller().startsWith("arn:aws:sts::" + FakeAws.ACCOUNT
                    + ":assumed-role/gha-deploy/sops@"), sts.get(i + 1).caller());
        }
    }

    @Test
    void sopsKmsArnWithAwsProfileFlagIsRecordedAndUsedOnDecrypt() throws Exception {
        FakeAwsAccount.Identity deployer = profile("deployer");
        String arn = aws.kms().createKey(REGION);
        aws.kms().restrict(arn, deployer.principal()::equals);
        Map<String, String> env = bareEnv();
        env.put("SOPS_KMS_ARN", arn);
        write(dir.resolve("s.yaml"), PLAIN);

        Result enc = sops(env, "encrypt", "-i", "--aws-profile", "deployer", "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        String file = read(dir.resolve("s.yaml"));
        assertTrue(file.contains("        - arn: " + arn + "\n          aws_profile: deployer\n          created_at: "),
                file);

        env.remove("SOPS_KMS_ARN");
        Result dec = sops(env, "decrypt", "s.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
        assertTrue(aws.kms().calls().stream().allMatch(c -> c.principal().equals(deployer.principal())
                && c.outcome().equals("OK")), aws.kms().calls().toString());
        assertEquals(2, aws.kms().calls().size());
    }

    @Test
    void creationRulesGiveKmsKeysRolesProfilesAndContexts() throws Exception {
        FakeAwsAccount.Identity deployer = profile("deployer");
        String flat = aws.kms().createKey(REGION);
        String grouped = aws.kms().createKey("eu-west-1");
        String groupedViaRole = aws.kms().createKey(REGION);
        write(dir.resolve(".sops.yaml"), "creation_rules:\n"
                + "  - path_regex: flat\\.yaml$\n"
                + "    kms: '" + flat + "+" + ROLE + "'\n"
                + "    aws_profile: deployer\n"
                + "  - path_regex: grouped\\.yaml$\n"
                + "    key_groups:\n"
                + "      - kms:\n"
                + "          - arn: " + grouped + "\n"
                + "            context:\n"
                + "              team: payments\n"
                + "      - kms:\n"
                + "          - arn: " + groupedViaRole + "\n"
                + "            role: " + ROLE + "\n"
                + "            aws_profile: deployer\n"
                + "            context:\n"
                + "              team: payments\n"
                + "              stage: prod\n");
        write(dir.resolve("flat.yaml"), PLAIN);
        write(dir.resolve("grouped.yaml"), PLAIN);
        Map<String, String> env = bareEnv();
        env.put("AWS_ACCESS_KEY_ID", aws.user().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", aws.user().secretAccessKey());

        Result enc = sops(env, "encrypt", "-i", "flat.yaml", "grouped.yaml");
        assertEquals(0, enc.code(), enc.err());
        String flatFile = read(dir.resolve("flat.yaml"));
        assertTrue(flatFile.contains("    kms:\n        - arn: " + flat + "\n          aws_profile: deployer\n"),
                flatFile);
        assertTrue(flatFile.contains("          role: " + ROLE + "\n"), flatFile);
        String groupedFile = read(dir.resolve("grouped.yaml"));
        String groups = trimmed(groupedFile);
        assertTrue(groups.contains("key_groups:\n- age: []\nhc_vault: []\nkms:\n- arn: " + grouped
                + "\naws_profile: \"\"\ncontext:\nteam: payments\ncreated_at: "), groupedFile);
        assertTrue(groups.contains("- age: []\nhc_vault: []\nkms:\n- arn: " + groupedViaRole
                + "\naws_profile: deployer\ncontext:\nstage: prod\nteam: payments\ncreated_at: "), groupedFile);
        assertTrue(groups.contains("\nrole: " + ROLE + "\n"), groupedFile);
        assertTrue(groups.contains("\nshamir_threshold: 2\n"), groupedFile);

        // Roles are assumed with the profile's keys, never with the environment's.
        for (FakeStsServer.Call c : aws.sts().calls()) {
            assertEquals("AssumeRole", c.action());
            assertEquals(deployer.principal(), c.caller());
        }
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        aws.kms().calls().forEach(c -> contexts.put(c.keyId(), c.context()));
        assertEquals(Map.of(flat, Map.of(), grouped, Map.of("team", "payments"), groupedViaRole,
                Map.of("stage", "prod", "team", "payments")), contexts);

        for (String f : List.of("flat.yaml", "grouped.yaml")) {
            Result dec = sops(env, "decrypt", f);
            assertEquals(0, dec.code(), f + ": " + dec.err());
            assertEquals(PLAIN, dec.out());
        }
    }

    /** The lines without their indentation, to compare nested YAML without hard-coding the indent widths. */
    private static String trimmed(String yaml) {
        return String.join("\n", yaml.lines().map(String::strip).toList()) + "\n";
    }

    @Test
    void filesWithoutKmsKeysLoadNoAwsClassEvenWithAwsConfigured() {
        AgeKey age = AgeKey.generate();
        String arn = aws.kms().createKey(REGION);
        Map<String, String> env = new LinkedHashMap<>(aws.environment());
        env.putAll(age.env());
        write(dir.resolve("age.yaml"), PLAIN);
        write(dir.resolve("kms.yaml"), PLAIN);
        assertEquals(0, sops(env, "encrypt", "-i", "--age", age.recipient(), "age.yaml").code());
        assertEquals(0, sops(env, "encrypt", "-i", "--kms", arn, "kms.yaml").code());

        List<String> log = List.of("-Xlog:class+load=info:stderr");
        Result ageRun = CliProcess.runJvm(log, dir, env, null, "decrypt", "age.yaml");
        assertEquals(0, ageRun.code());
        assertEquals(PLAIN, ageRun.out());
        assertTrue(ageRun.err().contains("dev.sops4j.cli.Main"), "the log did record class loading");
        assertFalse(ageRun.err().contains("software.amazon."), "AWS SDK loaded for an age-only file");

        Result kmsRun = CliProcess.runJvm(log, dir, env, null, "decrypt", "kms.yaml");
        assertEquals(0, kmsRun.code());
        assertTrue(kmsRun.err().contains("software.amazon.awssdk.services.kms.KmsClient"), "the check can fail");
    }
}
