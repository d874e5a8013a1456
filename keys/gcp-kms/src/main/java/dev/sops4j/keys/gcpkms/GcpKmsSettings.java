package dev.sops4j.keys.gcpkms;

import dev.sops4j.core.env.Environment;
import java.util.Locale;

/**
 * Where Cloud KMS is: {@code SOPS_GCP_KMS_ENDPOINT} (an {@code http://} or {@code https://} URL, or a
 * {@code host:port} reached over HTTPS), else {@code https://cloudkms.<SOPS_GCP_KMS_UNIVERSE_DOMAIN>} (default
 * {@code googleapis.com}). {@code SOPS_GCP_KMS_CLIENT_TYPE} may be {@code grpc} or {@code rest}: sops4j always
 * speaks REST, which Cloud KMS serves for the same keys and ciphertexts.
 */
record GcpKmsSettings(String endpoint) {

    static GcpKmsSettings from(Environment env) {
        String type = env.get("SOPS_GCP_KMS_CLIENT_TYPE").orElse("grpc").toLowerCase(Locale.ROOT);
        if (!type.equals("grpc") && !type.equals("rest")) {
            throw new GcpFailure("SOPS_GCP_KMS_CLIENT_TYPE must be grpc or rest, got '" + type + "'");
        }
        String endpoint = env.get("SOPS_GCP_KMS_ENDPOINT").map(String::strip).orElse("");
        if (endpoint.isEmpty()) {
            endpoint = "https://cloudkms." + env.get("SOPS_GCP_KMS_UNIVERSE_DOMAIN").orElse("googleapis.com");
        } else if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            endpoint = "https://" + endpoint;
        }
        return new GcpKmsSettings(endpoint);
    }
}
