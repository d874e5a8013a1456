package dev.sops4j.runtime;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.env.Environment;

/**
 * The one composition root of key sources for sops4j's own programs (CLI, Maven plugin). A new key type adds one
 * line here. Every source creates its clients lazily, so no AWS, SPIFFE, google-auth or Azure class loads unless a file uses that key
 * type.
 */
public final class KeySourceWiring {
    private KeySourceWiring() {
    }

    public static Sops4j.Builder builder(Environment env) {
        return Sops4j.builder()
                .withLocalKeySources(env)
                .keySource(new dev.sops4j.kms.KmsKeySource(env))
                .keySource(new dev.sops4j.nexus.NexusKeySource(env))
                .keySource(new dev.sops4j.keys.hcvault.HcVaultKeySource(env))
                .keySource(new dev.sops4j.keys.gcpkms.GcpKmsKeySource(env))
                .keySource(new dev.sops4j.keys.azurekv.AzureKvKeySource(env))
                .keySource(new dev.sops4j.keys.hckms.HckmsKeySource(env));
    }
}
