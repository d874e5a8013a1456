package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.kms.fake.FakeKmsServer;
import dev.sops4j.kms.fake.FakeStsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsKeySourceTest {
    static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DATA_KEY[i] = (byte) (i * 7 + 1);
        }
    }

    @TempDir
    Path home;
    KmsFixture aws;

    @BeforeEach
    void start() throws Exception {
        aws = new KmsFixture(home);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    static SecretBytes dataKey() {
        return SecretBytes.copyOf(DATA_KEY);
    }

    static byte[] unwrapBytes(KmsKeySource source, KmsKeyRef ref) {
        try (SecretBytes s = source.unwrap(ref)) {
            return s.copy();
        }
    }

    @Test
    void wrapsAndUnwrapsWithContextAndSetsCreatedAt() {
        String arn = aws.kms.createKey(KmsFixture.REGION);
        KmsKeyRef ref = new KmsKeyRef(arn, "", Map.of("app", "billing", "env", "prod"), "", "", "");
        KmsKeyRef wrapped;
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            wrapped = source.wrap(ref, dataKey());
        }
        assertEquals("2026-11-22T21:00:07Z", wrapped.createdAt());
        assertEquals(arn, wrapped.arn());
        assertEquals(ref.context(), wrapped.context());
        assertFalse(wrapped.enc().isEmpty());
        try (KmsKeySource fresh = aws.source(aws.userEnv())) {
            assertArrayEquals(DATA_KEY, unwrapBytes(fresh, wrapped));
        }
        List<FakeKmsServer.Call> calls = aws.kms.calls();
        assertEquals(List.of("Encrypt", "Decrypt"), calls.stream().map(FakeKmsServer.Call::operation).toList());
        assertEquals(Map.of("app", "billing", "env", "prod"), calls.get(1).context());
        assertEquals(aws.user.principal(), calls.get(1).principal());
        assertEquals(arn, calls.get(1).keyId());
    }

    @Test
    void keepsAnExistingCreatedAt() {
        String arn = aws.kms.createKey(KmsFixture.REGION);
        KmsKeyRef ref = new KmsKeyRef(arn, "", Map.of(), "", "2019-01-02T03:04:05Z", "");
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            assertEquals("2019-01-02T03:04:05Z", source.wrap(ref, dataKey()).createdAt());
        }
    }

    @Test
    void aliasArnsWorkForBothDirections() {
        String keyArn = aws.kms.createKey("us-east-2");
        String alias = aws.kms.createAlias(keyArn, "sops-prod");
        KmsKeyRef ref = new KmsKeyRef(alias, "", Map.of(), "", "", "");
        KmsKeyRef wrapped;
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            wrapped = source.wrap(ref, dataKey());
        }
        try (KmsKeySource fresh = aws.source(aws.userEnv())) {
            assertArrayEquals(DATA_KEY, unwrapBytes(fresh, wrapped));
        }
        assertEquals(keyArn, aws.kms.calls().get(1).keyId());
    }

    @Test
    void twoKeysOneThroughAnAssumedRoleWithSopsSessionName() {
        String direct = aws.kms.createKey(KmsFixture.REGION);
        String viaRole = aws.kms.createKey("us-west-2");
        String role = "arn:aws:iam::" + KmsFixture.ACCOUNT + ":role/sops-deployer";
        String rolePrincipal = "arn:aws:sts::" + KmsFixture.ACCOUNT + ":assumed-role/sops-deployer/sops@build-host-7";
        aws.kms.restrict(viaRole, rolePrincipal::equals);
        List<KmsKeyRef> refs = KmsArgs.parseKeys(direct + "," + viaRole + "+" + role, Map.of("team", "pay"), "");
        List<KmsKeyRef> wrapped;
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            wrapped = refs.stream().map(r -> source.wrap(r, dataKey())).toList();
        }
        assertEquals(role, wrapped.get(1).role());
        for (KmsKeyRef r : wrapped) {
            try (KmsKeySource fresh = aws.source(aws.userEnv())) {
                assertArrayEquals(DATA_KEY, unwrapBytes(fresh, r));
            }
        }
        List<FakeStsServer.Call> sts = aws.sts.calls();
        assertEquals(2, sts.size(), "one AssumeRole per process that uses the role key");
        for (FakeStsServer.Call c : sts) {
            assertEquals("AssumeRole", c.action());
            assertEquals(role, c.roleArn());
            assertEquals("sops@build-host-7", c.sessionName());
            assertEquals(aws.user.principal(), c.caller());
        }
        List<String> principals = aws.kms.calls().stream()
                .filter(c -> c.keyId().equals(viaRole)).map(FakeKmsServer.Call::principal).toList();
        assertEquals(List.of(rolePrincipal, rolePrincipal), principals);
    }

    @Test
    void wrongContextFailsWithOneLineNamingTheArn() {
        String arn = aws.kms.createKey(KmsFixture.REGION);
        KmsKeyRef wrapped;
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            wrapped = source.wrap(new KmsKeyRef(arn, "", Map.of("env", "prod"), "", "", ""), dataKey());
        }
        KmsKeyRef tampered = new KmsKeyRef(arn, "", Map.of("env", "dev"), "", wrapped.createdAt(), wrapped.enc());
        try (KmsKeySource fresh = aws.source(aws.userEnv())) {
            KeySourceException e = assertThrows(KeySourceException.class, () -> fresh.unwrap(tampered));
            assertEquals("failed to decrypt data key with AWS KMS key " + arn + ": InvalidCiphertextException "
                    + "(wrong encryption context, or the data key was not encrypted under this key)", e.getMessage());
            assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        }
    }

    @Test
    void namedProfileFromSharedCredentialsFile() throws Exception {
        var ops = aws.account.addUser("ops");
        java.nio.file.Files.createDirectories(home.resolve(".aws"));
        java.nio.file.Files.writeString(home.resolve(".aws/credentials"), "[ops]\naws_access_key_id = "
                + ops.accessKeyId() + "\naws_secret_access_key = " + ops.secretAccessKey() + "\n");
        String arn = aws.kms.createKey(KmsFixture.REGION);
        aws.kms.restrict(arn, ops.principal()::equals);
        KmsKeyRef ref = new KmsKeyRef(arn, "", Map.of(), "ops", "", "");
        KmsKeyRef wrapped;
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            wrapped = source.wrap(ref, dataKey());
        }
        assertEquals("ops", wrapped.awsProfile());
        try (KmsKeySource fresh = aws.source(aws.endpoints())) {
            assertArrayEquals(DATA_KEY, unwrapBytes(fresh, wrapped));
        }
    }

    @Test
    void genericEndpointVariableIsHonoured() {
        String arn = aws.kms.createKey(KmsFixture.REGION);
        Map<String, String> env = aws.userEnv();
        env.remove("AWS_ENDPOINT_URL_KMS");
        env.put("AWS_ENDPOINT_URL", aws.kms.endpoint().toString());
        try (KmsKeySource source = aws.source(env)) {
            KmsKeyRef wrapped = source.wrap(new KmsKeyRef(arn, "", Map.of(), "", "", ""), dataKey());
            assertFalse(wrapped.enc().isEmpty());
        }
        assertEquals(1, aws.kms.requestCount());
    }
}
