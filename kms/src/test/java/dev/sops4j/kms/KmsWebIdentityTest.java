package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.kms.fake.FakeStsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI path: an OIDC token file (GitHub Actions, GitLab CI) exchanged at STS for a role, then KMS. */
class KmsWebIdentityTest {
    static final String ROLE = "arn:aws:iam::" + KmsFixture.ACCOUNT + ":role/gha-deploy";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvYXBwIn0.c2lnbmF0dXJl";

    @TempDir
    Path home;
    KmsFixture aws;
    Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        aws = new KmsFixture(home);
        tokenFile = home.resolve("oidc-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        aws.sts.trustWebIdentity(ROLE, TOKEN);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    Map<String, String> ciEnv() {
        Map<String, String> env = aws.endpoints();
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString());
        env.put("AWS_ROLE_ARN", ROLE);
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    @Test
    void tokenFileReachesStsAndItsCredentialsReachKms() {
        String arn = aws.kms.createKey(KmsFixture.REGION);
        String principal = "arn:aws:sts::" + KmsFixture.ACCOUNT + ":assumed-role/gha-deploy/sops@build-host-7";
        aws.kms.restrict(arn, principal::equals);
        KmsKeyRef wrapped;
        try (KmsKeySource source = aws.source(ciEnv())) {
            wrapped = source.wrap(new KmsKeyRef(arn, "", Map.of("repo", "acme/app"), "", "", ""),
                    SecretBytes.copyOf(KmsKeySourceTest.DATA_KEY));
        }
        try (KmsKeySource fresh = aws.source(ciEnv()); SecretBytes s = fresh.unwrap(wrapped)) {
            assertArrayEquals(KmsKeySourceTest.DATA_KEY, s.copy());
        }
        List<FakeStsServer.Call> calls = aws.sts.calls();
        assertEquals(2, calls.size());
        for (FakeStsServer.Call c : calls) {
            assertEquals("AssumeRoleWithWebIdentity", c.action());
            assertEquals(ROLE, c.roleArn());
            assertEquals("sops@build-host-7", c.sessionName());
            assertEquals("", c.error());
        }
    }

    @Test
    void sessionNameFromEnvironmentWins() {
        String arn = aws.kms.createKey(KmsFixture.REGION);
        Map<String, String> env = ciEnv();
        env.put("AWS_ROLE_SESSION_NAME", "gha-run-42");
        try (KmsKeySource source = aws.source(env)) {
            source.wrap(new KmsKeyRef(arn, "", Map.of(), "", "", ""), SecretBytes.copyOf(new byte[32]));
        }
        assertEquals("gha-run-42", aws.sts.calls().get(0).sessionName());
    }

    @Test
    void rejectedTokenIsReportedWithTheArnAndStsCause() throws Exception {
        Files.writeString(tokenFile, "forged-token");
        String arn = aws.kms.createKey(KmsFixture.REGION);
        try (KmsKeySource source = aws.source(ciEnv())) {
            KeySourceException e = assertThrows(KeySourceException.class, () -> source.wrap(
                    new KmsKeyRef(arn, "", Map.of(), "", "", ""), SecretBytes.copyOf(new byte[32])));
            assertEquals("failed to encrypt data key with AWS KMS key " + arn + ": STS InvalidIdentityToken: "
                    + "Couldn't retrieve verification key from your identity provider", e.getMessage());
        }
        assertEquals(0, aws.kms.requestCount(), "no KMS request without credentials");
    }
}
