package dev.sops4j.kms.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The fakes speak the wire protocols the SDK expects, and reject what AWS would reject. */
class FakeServersTest {
    FakeAws aws;
    KmsClient kms;

    @BeforeEach
    void start() throws IOException {
        aws = FakeAws.start();
        kms = KmsClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(aws.kms().endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.user().accessKeyId(), aws.user().secretAccessKey())))
                .build();
    }

    @AfterEach
    void stop() {
        kms.close();
        aws.close();
    }

    @Test
    void generateDataKeyThenDecryptWithTheSameContext() {
        String arn = aws.kms().createKey("us-east-1");
        GenerateDataKeyResponse gen = kms.generateDataKey(r -> r.keyId(arn).keySpec("AES_256")
                .encryptionContext(Map.of("a", "b")));
        assertEquals(32, gen.plaintext().asByteArray().length);
        assertEquals(arn, gen.keyId());
        DecryptResponse dec = kms.decrypt(r -> r.ciphertextBlob(gen.ciphertextBlob())
                .encryptionContext(Map.of("a", "b")));
        assertArrayEquals(gen.plaintext().asByteArray(), dec.plaintext().asByteArray());
        assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(gen.ciphertextBlob())));
    }

    @Test
    void keysLiveInTheirRegionOnly() {
        String arn = aws.kms().createKey("eu-west-1");
        NotFoundException e = assertThrows(NotFoundException.class, () -> kms.encrypt(r -> r.keyId(arn)
                .plaintext(SdkBytes.fromUtf8String("x"))));
        assertEquals("Key '" + arn + "' does not exist", e.awsErrorDetails().errorMessage());
    }

    @Test
    void unsignedKmsRequestGetsKmsJsonError() throws IOException {
        HttpURLConnection c = post(aws.kms().endpoint(), "application/x-amz-json-1.1",
                Map.of("X-Amz-Target", "TrentService.Decrypt"), "{}");
        assertEquals(400, c.getResponseCode());
        assertEquals("application/x-amz-json-1.1", c.getHeaderField("Content-Type"));
        assertEquals("{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication "
                + "Token\"}", body(c.getErrorStream()));
    }

    @Test
    void unsignedAssumeRoleGetsStsXmlError() throws IOException {
        HttpURLConnection c = post(aws.sts().endpoint(), "application/x-www-form-urlencoded", Map.of(),
                "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s");
        assertEquals(403, c.getResponseCode());
        String xml = body(c.getErrorStream());
        assertEquals(true, xml.startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>"), xml);
    }

    private static HttpURLConnection post(URI endpoint, String type, Map<String, String> headers, String body)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", type);
        headers.forEach(c::setRequestProperty);
        c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    private static String body(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
