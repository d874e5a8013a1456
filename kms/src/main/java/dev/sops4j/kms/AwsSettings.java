package dev.sops4j.kms;

import dev.sops4j.core.env.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The AWS SDK's standard environment settings, read from an {@link Environment} instead of the process so that
 * tests and embedding applications control them. Only JDK types here.
 */
final class AwsSettings {
    private final Environment env;

    AwsSettings(Environment env) {
        this.env = env;
    }

    /**
     * The endpoint override for a service ({@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}),
     * unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}.
     */
    Optional<URI> endpoint(String serviceId) {
        if (env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").map("true"::equalsIgnoreCase).orElse(false)) {
            return Optional.empty();
        }
        String name = "AWS_ENDPOINT_URL_" + serviceId;
        Optional<String> value = env.get(name);
        if (value.isEmpty()) {
            name = "AWS_ENDPOINT_URL";
            value = env.get(name);
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get().trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(value.get(), "scheme and host required");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new KmsTransport.CallFailure("invalid endpoint URL in " + name + ": " + KmsArn.oneLine(value.get()),
                    null);
        }
    }

    /** The profile used when a key names none ({@code AWS_PROFILE}, else {@code default}). */
    String defaultProfile() {
        return env.get("AWS_PROFILE").or(() -> env.get("AWS_DEFAULT_PROFILE")).orElse("default");
    }

    Optional<Path> configFile() {
        return existing(env.get("AWS_CONFIG_FILE").map(this::expand).orElse(home().resolve(".aws/config")));
    }

    Optional<Path> credentialsFile() {
        return existing(env.get("AWS_SHARED_CREDENTIALS_FILE").map(this::expand)
                .orElse(home().resolve(".aws/credentials")));
    }

    Optional<String> accessKeyId() {
        return env.get("AWS_ACCESS_KEY_ID");
    }

    Optional<String> secretAccessKey() {
        return env.get("AWS_SECRET_ACCESS_KEY");
    }

    Optional<String> sessionToken() {
        return env.get("AWS_SESSION_TOKEN");
    }

    Optional<Path> webIdentityTokenFile() {
        return env.get("AWS_WEB_IDENTITY_TOKEN_FILE").map(this::expand);
    }

    Optional<String> webIdentityRoleArn() {
        return env.get("AWS_ROLE_ARN");
    }

    Optional<String> roleSessionName() {
        return env.get("AWS_ROLE_SESSION_NAME");
    }

    /** Region for STS calls not tied to a key (web identity): {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}. */
    Optional<String> region() {
        return env.get("AWS_REGION").or(() -> env.get("AWS_DEFAULT_REGION"));
    }

    /** {@code AWS_MAX_ATTEMPTS}, the SDK's standard knob for total attempts per call. */
    Optional<Integer> maxAttempts() {
        return env.get("AWS_MAX_ATTEMPTS").flatMap(v -> {
            try {
                int n = Integer.parseInt(v.trim());
                return n > 0 ? Optional.of(n) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    boolean containerCredentialsConfigured() {
        return env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()
                || env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent();
    }

    boolean instanceMetadataDisabled() {
        return env.get("AWS_EC2_METADATA_DISABLED").map("true"::equalsIgnoreCase).orElse(false);
    }

    /**
     * The home directory the SDK (and sops, through Go) uses: {@code HOME} when set, else the JVM's idea of it.
     * They differ in CI containers (GitHub Actions sets HOME=/github/home while the passwd entry says /root).
     */
    private Path home() {
        return env.get("HOME").filter(h -> !h.isBlank()).map(Path::of).orElse(env.home());
    }

    private Path expand(String p) {
        if (p.equals("~")) {
            return home();
        }
        if (p.startsWith("~/")) {
            return home().resolve(p.substring(2));
        }
        return env.workingDirectory().resolve(p);
    }

    private static Optional<Path> existing(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
