package dev.sops4j.kms;

import dev.sops4j.core.env.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;

/** {@code PutObject} on the AWS SDK v2 S3 client (url-connection transport, path-style with an endpoint override). */
final class SdkS3Upload implements S3Publisher.S3Upload {
    private final S3Client s3;
    private final String where;

    SdkS3Upload(Environment env) {
        AwsSettings settings = new AwsSettings(env);
        ProfileFile profiles = AwsCredentialChain.profileFile(settings);
        String region = settings.region().orElse("us-east-1");
        Optional<URI> endpoint = settings.endpoint("s3");
        Optional<URI> stsEndpoint = settings.endpoint("sts");
        var http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60)).build();
        var credentials = AwsCredentialChain.defaults(settings, profiles, role -> {
            var b = StsClient.builder().region(Region.of(region))
                    .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(http);
            stsEndpoint.ifPresent(b::endpointOverride);
            return b.build();
        }, StsSessionName.forHost(Hostname.local()), true);
        S3ClientBuilder b = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(http).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        endpoint.ifPresent(e -> b.endpointOverride(e).forcePathStyle(true));
        this.s3 = b.build();
        this.where = endpoint.map(URI::toString).orElse("S3 in " + region);
    }

    @Override
    public void put(String bucket, String key, byte[] body) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new KmsTransport.CallFailure(KmsFailures.describe(e, where, 3), e);
        }
    }
}
