package dev.sops4j.keys.hckms;

import dev.sops4j.core.env.Environment;
import java.util.Optional;

/**
 * Credentials as HuaweiCloud's SDK reads them from the environment: {@code HUAWEICLOUD_SDK_AK},
 * {@code HUAWEICLOUD_SDK_SK}, {@code HUAWEICLOUD_SDK_PROJECT_ID} and, for temporary credentials,
 * {@code HUAWEICLOUD_SDK_SECURITY_TOKEN}. The endpoint is {@code https://kms.<region>.myhuaweicloud.com}, or
 * {@code SOPS4J_HCKMS_ENDPOINT} (a sops4j extension for private endpoints and tests; {@code <region>} in it is
 * replaced by the key's region).
 */
record HckmsSettings(Optional<String> accessKey, Optional<String> secretKey, Optional<String> projectId,
        Optional<String> securityToken, Optional<String> endpoint) {

    static HckmsSettings from(Environment env) {
        return new HckmsSettings(env.get("HUAWEICLOUD_SDK_AK"), env.get("HUAWEICLOUD_SDK_SK"),
                env.get("HUAWEICLOUD_SDK_PROJECT_ID"), env.get("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
                env.get("SOPS4J_HCKMS_ENDPOINT"));
    }

    String endpointFor(String region) {
        return endpoint.map(e -> e.replace("<region>", region)).orElse("https://kms." + region + ".myhuaweicloud.com")
                .replaceAll("/+$", "");
    }

    @Override
    public String toString() {
        return "HckmsSettings[accessKey=" + accessKey + ", secretKey=" + (secretKey.isPresent() ? "(set)" : "(none)")
                + ", projectId=" + projectId + ", securityToken=" + (securityToken.isPresent() ? "(set)" : "(none)")
                + ", endpoint=" + endpoint + "]";
    }
}
