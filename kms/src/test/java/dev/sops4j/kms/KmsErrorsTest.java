package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every fault names the ARN and the cause in one line; unwrap failures exit 128. */
class KmsErrorsTest {
    @TempDir
    Path home;
    KmsFixture aws;
    String arn;
    KmsKeyRef wrapped;

    @BeforeEach
    void start() throws Exception {
        aws = new KmsFixture(home);
        arn = aws.kms.createKey(KmsFixture.REGION);
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            wrapped = source.wrap(new KmsKeyRef(arn, "", Map.of("env", "prod"), "", "", ""),
                    SecretBytes.copyOf(new byte[32]));
        }
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private KeySourceException unwrapFails(Map<String, String> env, KmsKeyRef ref) {
        try (KmsKeySource source = aws.source(env)) {
            KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(ref));
            assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
            assertEquals(-1, e.getMessage().indexOf('\n'));
            return e;
        }
    }

    private String prefix() {
        return "failed to decrypt data key with AWS KMS key " + arn + ": ";
    }

    @Test
    void accessDenied() {
        aws.kms.restrict(arn, p -> false);
        assertEquals(prefix() + "AccessDeniedException: User: " + aws.user.principal() + " is not authorized to "
                + "perform: kms:Decrypt on resource: " + arn + " because no resource-based policy allows the "
                + "kms:Decrypt action", unwrapFails(aws.userEnv(), wrapped).getMessage());
    }

    @Test
    void disabledKey() {
        aws.kms.disable(arn);
        assertEquals(prefix() + "DisabledException: " + arn + " is disabled.",
                unwrapFails(aws.userEnv(), wrapped).getMessage());
    }

    @Test
    void throttlingAfterTheSdkRetries() {
        int before = aws.kms.requestCount();
        aws.kms.throttleNext(100);
        assertEquals(prefix() + "ThrottlingException: Rate exceeded (after 3 attempts)",
                unwrapFails(aws.userEnv(), wrapped).getMessage());
        assertEquals(3, aws.kms.requestCount() - before);
    }

    @Test
    void throttlingThatClearsWithinTheRetriesSucceeds() {
        aws.kms.throttleNext(2);
        try (KmsKeySource source = aws.source(aws.userEnv()); SecretBytes s = source.unwrap(wrapped)) {
            assertEquals(32, s.length());
        }
    }

    @Test
    void attemptsFollowAwsMaxAttempts() {
        Map<String, String> env = aws.userEnv();
        env.put("AWS_MAX_ATTEMPTS", "5");
        int before = aws.kms.requestCount();
        aws.kms.throttleNext(100);
        assertEquals(prefix() + "ThrottlingException: Rate exceeded (after 5 attempts)",
                unwrapFails(env, wrapped).getMessage());
        assertEquals(5, aws.kms.requestCount() - before);
    }

    @Test
    void connectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> env = aws.userEnv();
        env.put("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:" + port);
        assertEquals(prefix() + "cannot connect to http://127.0.0.1:" + port + ": Connection refused "
                + "(after 3 attempts)", unwrapFails(env, wrapped).getMessage());
    }

    @Test
    void unknownKey() {
        String missing = "arn:aws:kms:" + KmsFixture.REGION + ":" + KmsFixture.ACCOUNT
                + ":key/00000000-0000-0000-0000-000000000000";
        KmsKeyRef ref = new KmsKeyRef(missing, "", Map.of(), "", "", "");
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            KeySourceException e = assertThrows(KeySourceException.class,
                    () -> source.wrap(ref, SecretBytes.copyOf(new byte[32])));
            assertEquals("failed to encrypt data key with AWS KMS key " + missing + ": NotFoundException: Key '"
                    + missing + "' does not exist", e.getMessage());
        }
    }

    @Test
    void ciphertextOfAnotherKey() {
        String other = aws.kms.createKey(KmsFixture.REGION);
        KmsKeyRef ref = new KmsKeyRef(other, "", wrapped.context(), "", "", wrapped.enc());
        assertEquals("failed to decrypt data key with AWS KMS key " + other + ": IncorrectKeyException: The key ID "
                + "in the request does not identify a CMK that can perform this operation.",
                unwrapFails(aws.userEnv(), ref).getMessage());
    }

    @Test
    void wrongSecretKeyIsRejectedBySignatureCheck() {
        Map<String, String> env = aws.userEnv();
        env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        assertEquals(prefix() + "InvalidSignatureException: The request signature we calculated does not match "
                + "the signature you provided.", unwrapFails(env, wrapped).getMessage());
    }

    @Test
    void roleThatCannotBeAssumed() {
        String role = "arn:aws:iam::" + KmsFixture.ACCOUNT + ":role/nope";
        aws.sts.denyRole(role);
        KmsKeyRef ref = new KmsKeyRef(arn, role, wrapped.context(), "", "", wrapped.enc());
        assertEquals("failed to decrypt data key with AWS KMS key " + arn + "+" + role + ": STS AccessDenied: User: "
                + aws.user.principal() + " is not authorized to perform: sts:AssumeRole on resource: " + role,
                unwrapFails(aws.userEnv(), ref).getMessage());
    }

    @Test
    void noCredentialsAtAll() {
        assertEquals(prefix() + "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                + "AWS_PROFILE, or AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN)",
                unwrapFails(aws.endpoints(), wrapped).getMessage());
    }

    @Test
    void profileWithoutCredentials() throws IOException {
        java.nio.file.Files.createDirectories(home.resolve(".aws"));
        java.nio.file.Files.writeString(home.resolve(".aws/credentials"), "[other]\naws_access_key_id = AKIAX\n"
                + "aws_secret_access_key = s\n");
        KmsKeyRef ref = new KmsKeyRef(arn, "", wrapped.context(), "deployer", "", wrapped.enc());
        assertEquals("failed to decrypt data key with AWS KMS key " + arn + ": AWS profile 'deployer' not found or "
                + "has no credentials (in AWS_CONFIG_FILE or ~/.aws/config, AWS_SHARED_CREDENTIALS_FILE or "
                + "~/.aws/credentials)", unwrapFails(aws.endpoints(), ref).getMessage());
    }

    @Test
    void notAKmsArn() {
        KmsKeyRef ref = new KmsKeyRef("arn:aws:iam::1:role/x", "", Map.of(), "", "", wrapped.enc());
        assertEquals("failed to decrypt data key with AWS KMS key arn:aws:iam::1:role/x: not a KMS key or alias ARN "
                + "(arn:aws:kms:<region>:<account>:key/<id>)", unwrapFails(aws.userEnv(), ref).getMessage());
    }

    @Test
    void missingOrCorruptEnc() {
        KmsKeyRef empty = new KmsKeyRef(arn, "", Map.of(), "", "", "");
        assertEquals(prefix() + "no encrypted data key in the file", unwrapFails(aws.userEnv(), empty).getMessage());
        KmsKeyRef bad = new KmsKeyRef(arn, "", Map.of(), "", "", "@@not base64@@");
        assertEquals(prefix() + "enc is not valid base64", unwrapFails(aws.userEnv(), bad).getMessage());
    }

    @Test
    void tamperedCiphertextLooksLikeAWrongContext() {
        byte[] blob = java.util.Base64.getDecoder().decode(wrapped.enc());
        blob[blob.length - 1] ^= 1;
        KmsKeyRef ref = new KmsKeyRef(arn, "", wrapped.context(), "", "",
                java.util.Base64.getEncoder().encodeToString(blob));
        assertEquals(prefix() + KmsFailures.WRONG_CONTEXT, unwrapFails(aws.userEnv(), ref).getMessage());
    }

    @Test
    void malformedSharedConfigFile() throws IOException {
        java.nio.file.Files.createDirectories(home.resolve(".aws"));
        java.nio.file.Files.writeString(home.resolve(".aws/config"), "[profile broken\nregion = x\n");
        String message = unwrapFails(aws.userEnv(), wrapped).getMessage();
        assertEquals(prefix() + "cannot read the AWS config or credentials file: Profile definition must end with "
                + "']' on line 1", message);
    }
}
