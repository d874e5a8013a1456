package dev.sops4j.runtime;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.publish.Publishers;

/**
 * The composition root of {@code publish} destinations for sops4j's programs. A new destination type adds one line
 * here; each publisher creates its client on first use.
 */
public final class PublisherWiring {
    private PublisherWiring() {
    }

    public static Publishers publishers(Environment env) {
        return Publishers.builder()
                .add(new dev.sops4j.keys.hcvault.VaultKvPublisher(env))
                .add(new dev.sops4j.keys.gcpkms.GcsPublisher(env))
                .add(new dev.sops4j.kms.S3Publisher(env))
                .build();
    }
}
