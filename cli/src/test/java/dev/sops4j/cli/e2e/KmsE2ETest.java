package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.kms.fake.FakeAws;
import dev.sops4j.kms.fake.FakeKmsServer;
import dev.sops4j.kms.fake.FakeStsServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS KMS through the packaged CLI, configured only as a user would: endpoint overrides and credentials in the
 * environment ({@code AWS_ENDPOINT_URL_KMS}, {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ACCESS_KEY_ID}, ...), keys from
 * {@code --kms}. The loopback fakes check SigV4 signatures, bind ciphertexts to key and context, and record calls.
 */
class KmsE2ETest {
    static final String REGION = "us-east-1";
    static final String ROLE = "arn:aws:iam::" + FakeAws.ACCOUNT + ":role/deploy";
    static final String ROLE_PRINCIPAL = "arn:aws:sts::" + FakeAws.ACCOUNT + ":assumed-role/deploy/sops@";
    static final String PLAIN = "db: hunter2\nlist:\n    - a\n    - b\n";

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

    Map<String, String> env() {
        return new LinkedHashMap<>(aws.environment());
    }

    Result sops(Map<String, String> env, String... args) {
        return CliProcess.run(dir, env, args);
    }

    @Test
    void twoKeysOneThroughARoleEitherDecrypts() {
        String direct = aws.kms().createKey(REGION);
        String viaRole = aws.kms().createKey(REGION);
        aws.kms().restrict(viaRole, p -> p.startsWith(ROLE_PRINCIPAL));
        write(dir.resolve("s.yaml"), PLAIN);

        Result enc = sops(env(), "encrypt", "-i", "--kms", direct + "," + viaRole + "+" + ROLE,
                "--encryption-context", "app:web,env:prod", "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        assertEquals("", enc.err());
        String file = read(dir.resolve("s.yaml"));
        assertTrue(file.contains("        - arn: " + direct + "\n          aws_profile: \"\"\n          context:\n"
                + "            app: web\n            env: prod\n          created_at: "), file);
        assertTrue(file.contains("          role: " + ROLE + "\n"), file);
        assertEquals(1, file.split("role: ", -1).length - 1, "only the second key has a role");
        List<FakeStsServer.Call> sts = aws.sts().calls();
        assertEquals(1, sts.size());
        assertEquals("AssumeRole", sts.get(0).action());
        assertEquals(aws.user().principal(), sts.get(0).caller());
        assertTrue(sts.get(0).sessionName().startsWith("sops@"), sts.get(0).sessionName());

        Result first = sops(env(), "decrypt", "s.yaml");
        assertEquals(0, first.code(), first.err());
        assertEquals(PLAIN, first.out());
        assertEquals(List.of(direct), decryptedWith());

        aws.kms().restrict(direct, p -> false);
        int before = aws.kms().calls().size();
        Result second = sops(env(), "decrypt", "s.yaml");
        assertEquals(0, second.code(), second.err());
        assertEquals(PLAIN, second.out());
        List<FakeKmsServer.Call> calls = aws.kms().calls().subList(before, aws.kms().calls().size());
        assertEquals(2, calls.size(), calls.toString());
        assertEquals("AccessDeniedException", calls.get(0).outcome());
        assertEquals(viaRole, calls.get(1).keyId());
        assertTrue(calls.get(1).principal().startsWith(ROLE_PRINCIPAL), calls.get(1).principal());
        assertEquals(Map.of("app", "web", "env", "prod"), calls.get(1).context());

        aws.kms().disable(viaRole);
        Result none = sops(env(), "decrypt", "s.yaml");
        assertEquals(128, none.code(), none.err());
        assertEquals(2, none.err().lines().count(), none.err());
        assertTrue(none.err().contains(direct) && none.err().contains(viaRole), none.err());
        assertEquals(none.err().indexOf(direct), none.err().lastIndexOf(direct), "named once: " + none.err());
        assertTrue(none.err().contains("AccessDeniedException") && none.err().contains("DisabledException"),
                none.err());
    }

    @Test
    void wrongEncryptionContextFailsNamingTheArn() {
        String arn = aws.kms().createKey(REGION);
        write(dir.resolve("s.yaml"), PLAIN);
        Result enc = sops(env(), "encrypt", "-i", "--kms", arn, "--encryption-context", "env:prod", "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        Path file = dir.resolve("s.yaml");
        String text = read(file);
        assertTrue(text.contains("            env: prod\n"), text);
        write(file, text.replace("            env: prod\n", "            env: dev\n"));

        Result dec = sops(env(), "decrypt", "s.yaml");
        assertEquals(128, dec.code(), dec.err());
        assertEquals("", dec.out());
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Failed to decrypt data key with"
                + " AWS KMS key: InvalidCiphertextException (wrong encryption context, or the data key was not"
                + " encrypted under this key)\nGroup 0: FAILED (kms " + arn + ")\n", dec.err());
        FakeKmsServer.Call last = aws.kms().calls().get(aws.kms().calls().size() - 1);
        assertEquals("InvalidCiphertextException", last.outcome());
        assertEquals(Map.of("env", "dev"), last.context());
    }

    @Test
    void aliasArnEncryptsAndDecrypts() {
        String key = aws.kms().createKey(REGION);
        String alias = aws.kms().createAlias(key, "sops-app");
        write(dir.resolve("s.yaml"), PLAIN);
        Map<String, String> env = env();
        env.put("SOPS_KMS_ARN", alias);
        Result enc = sops(env, "encrypt", "-i", "s.yaml");
        assertEquals(0, enc.code(), enc.err());
        assertTrue(read(dir.resolve("s.yaml")).contains("        - arn: " + alias + "\n"));
        env.remove("SOPS_KMS_ARN");
        Result dec = sops(env, "decrypt", "s.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
        assertEquals(List.of(key), decryptedWith());
    }

    private List<String> decryptedWith() {
        return aws.kms().calls().stream().filter(c -> c.operation().equals("Decrypt")).map(FakeKmsServer.Call::keyId)
                .toList();
    }
}
