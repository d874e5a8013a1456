package dev.sops4j.kms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

/**
 * The SDK's default credential chain, in the SDK's order, built from {@link AwsSettings} rather than the process
 * environment: environment keys, else web identity ({@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN}, how
 * GitHub Actions and GitLab CI OIDC reach AWS), else the shared profile (which itself covers SSO,
 * credential_process and role_arn/source_profile), then container and instance credentials.
 */
final class AwsCredentialChain {
    private AwsCredentialChain() {
    }

    /**
     * @param stsForWebIdentity builds the (anonymous) STS client used for AssumeRoleWithWebIdentity
     * @param sessionName       session name when {@code AWS_ROLE_SESSION_NAME} is unset
     */
    static AwsCredentialsProvider defaults(AwsSettings settings, ProfileFile profiles,
            Function<String, StsClient> stsForWebIdentity, String sessionName, boolean hostCredentials) {
        // Keys in the environment, or a configured web identity, decide alone: the SDK would fall through to the
        // next provider on failure, but a CI job with OIDC configured wants STS's own error, not "no credentials".
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            String id = settings.accessKeyId().get();
            String secret = settings.secretAccessKey().get();
            return StaticCredentialsProvider.create(settings.sessionToken()
                    .<AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                    .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
        }
        if (settings.webIdentityTokenFile().isPresent() && settings.webIdentityRoleArn().isPresent()) {
            return webIdentity(settings, stsForWebIdentity, sessionName);
        }
        List<AwsCredentialsProvider> chain = new ArrayList<>();
        chain.add(profile(profiles, settings.defaultProfile()));
        if (hostCredentials && settings.containerCredentialsConfigured()) {
            chain.add(ContainerCredentialsProvider.builder().build());
        }
        if (hostCredentials && !settings.instanceMetadataDisabled()) {
            chain.add(InstanceProfileCredentialsProvider.builder().profileFile(profiles).build());
        }
        return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true).credentialsProviders(chain)
                .build();
    }

    static AwsCredentialsProvider profile(ProfileFile profiles, String name) {
        return ProfileCredentialsProvider.builder().profileFile(profiles).profileName(name).build();
    }

    /** The token file is re-read on every refresh: CI runners rotate it. */
    private static AwsCredentialsProvider webIdentity(AwsSettings settings,
            Function<String, StsClient> stsForWebIdentity, String sessionName) {
        Path tokenFile = settings.webIdentityTokenFile().orElseThrow();
        String roleArn = settings.webIdentityRoleArn().orElseThrow();
        String session = settings.roleSessionName().orElse(sessionName);
        StsClient sts = stsForWebIdentity.apply(roleArn);
        return StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
                .stsClient(sts)
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder()
                        .roleArn(roleArn)
                        .roleSessionName(session)
                        .webIdentityToken(readToken(tokenFile))
                        .build())
                .build();
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw SdkClientException.create("cannot read web identity token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The shared config and credentials files named by the environment; an empty profile set when neither exists. */
    static ProfileFile profileFile(AwsSettings settings) {
        ProfileFile.Aggregator agg = ProfileFile.aggregator();
        settings.configFile().ifPresent(p ->
                agg.addFile(ProfileFile.builder().content(p).type(ProfileFile.Type.CONFIGURATION).build()));
        settings.credentialsFile().ifPresent(p ->
                agg.addFile(ProfileFile.builder().content(p).type(ProfileFile.Type.CREDENTIALS).build()));
        return agg.build();
    }
}
