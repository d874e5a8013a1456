package dev.sops4j.kms;

import dev.sops4j.core.keys.KmsKeyRef;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * KMS calls through the AWS SDK v2 {@link KmsClient} over {@link UrlConnectionHttpClient}. Clients are created on
 * first use and cached per (region, role, profile); all of them share one HTTP client and one profile file.
 */
final class SdkKmsTransport implements KmsTransport {
    private static final int DEFAULT_MAX_ATTEMPTS = 3;

    private record ClientKey(String region, String role, String profile) {
    }

    private final KmsKeySource.Options options;
    private final AwsSettings settings;
    private final SdkHttpClient http;
    private final ProfileFile profiles;
    private final int maxAttempts;
    private final Optional<URI> kmsEndpoint;
    private final Optional<URI> stsEndpoint;
    private final Map<ClientKey, KmsClient> clients = new ConcurrentHashMap<>();
    private final Map<String, AwsCredentialsProvider> baseCredentials = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    SdkKmsTransport(KmsKeySource.Options options) {
        this.options = options;
        this.settings = new AwsSettings(options.env());
        this.kmsEndpoint = settings.endpoint("KMS");
        this.stsEndpoint = settings.endpoint("STS");
        this.maxAttempts = settings.maxAttempts().orElse(DEFAULT_MAX_ATTEMPTS);
        try {
            this.profiles = AwsCredentialChain.profileFile(settings);
        } catch (RuntimeException e) {
            throw new CallFailure("cannot read the AWS config or credentials file: "
                    + KmsFailures.oneLine(e.getMessage()), e);
        }
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public byte[] encrypt(KmsKeyRef ref, byte[] plaintext) {
        try {
            return client(ref).encrypt(r -> r.keyId(ref.arn())
                    .plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
                    .encryptionContext(context(ref))).ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw new CallFailure(KmsFailures.describe(e, endpointName(ref), maxAttempts), e);
        }
    }

    @Override
    public byte[] decrypt(KmsKeyRef ref, byte[] ciphertext) {
        try {
            return client(ref).decrypt(r -> r.keyId(ref.arn())
                    .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                    .encryptionContext(context(ref))).plaintext().asByteArrayUnsafe();
        } catch (SdkException e) {
            throw new CallFailure(KmsFailures.describe(e, endpointName(ref), maxAttempts), e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(KmsClient::close);
        clients.clear();
        synchronized (closeables) {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort: nothing left to leak but sockets the JVM reclaims anyway
                }
            }
            closeables.clear();
        }
        http.close();
    }

    /** sops drops context entries without a value; KMS rejects them. */
    private static Map<String, String> context(KmsKeyRef ref) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ref.context().forEach((k, v) -> {
            if (k != null && v != null) {
                ctx.put(k, v);
            }
        });
        return ctx;
    }

    private String endpointName(KmsKeyRef ref) {
        return kmsEndpoint.map(URI::toString).orElseGet(() -> {
            try {
                return "KMS in " + KmsArn.region(ref.arn());
            } catch (RuntimeException e) {
                return "KMS";
            }
        });
    }

    private KmsClient client(KmsKeyRef ref) {
        String region;
        try {
            region = KmsArn.region(ref.arn());
        } catch (RuntimeException e) {
            throw new CallFailure("not a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>)", null);
        }
        return clients.computeIfAbsent(new ClientKey(region, ref.role(), ref.awsProfile()), this::newClient);
    }

    private KmsClient newClient(ClientKey key) {
        AwsCredentialsProvider credentials = base(key.profile(), key.region());
        if (!key.role().isEmpty()) {
            StsClient sts = sts(key.region(), credentials);
            String session = StsSessionName.forHost(options.hostname().get());
            StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .asyncCredentialUpdateEnabled(false)
                    .refreshRequest(r -> r.roleArn(key.role()).roleSessionName(session))
                    .build();
            register(assumed);
            credentials = assumed;
        }
        KmsClientBuilder b = KmsClient.builder()
                .region(Region.of(key.region()))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides(key.profile()));
        kmsEndpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    /** Credentials before any role: the key's named profile, else the default chain (shared by all keys). */
    private AwsCredentialsProvider base(String profile, String region) {
        if (!profile.isEmpty()) {
            return baseCredentials.computeIfAbsent("profile:" + profile,
                    p -> closing(AwsCredentialChain.profile(profiles, profile)));
        }
        return baseCredentials.computeIfAbsent("default", d -> closing(AwsCredentialChain.defaults(settings, profiles,
                role -> sts(settings.region().orElse(region), AnonymousCredentialsProvider.create()),
                StsSessionName.forHost(options.hostname().get()), options.hostCredentials())));
    }

    private StsClient sts(String region, AwsCredentialsProvider credentials) {
        StsClientBuilder b = StsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides(""));
        stsEndpoint.ifPresent(b::endpointOverride);
        StsClient sts = b.build();
        register(sts);
        return sts;
    }

    private ClientOverrideConfiguration overrides(String profile) {
        StandardRetryStrategy.Builder retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts);
        if (options.retryBaseDelay() != null) {
            Duration base = options.retryBaseDelay();
            BackoffStrategy backoff = BackoffStrategy.exponentialDelay(base, base.multipliedBy(20));
            retry.backoffStrategy(backoff).throttlingBackoffStrategy(backoff);
        }
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retry.build())
                .defaultProfileFile(profiles)
                .defaultProfileName(profile.isEmpty() ? settings.defaultProfile() : profile)
                .build();
    }

    private AwsCredentialsProvider closing(AwsCredentialsProvider p) {
        if (p instanceof AutoCloseable c) {
            register(c);
        }
        return p;
    }

    private void register(AutoCloseable c) {
        synchronized (closeables) {
            closeables.add(c);
        }
    }
}
