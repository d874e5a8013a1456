package dev.sops4j.nexus;

import dev.sops4j.core.secret.SecretBytes;

/**
 * Who holds the key-encryption keyset for a Nexus-mode key: Nexus itself over SPIFFE mTLS (in-cluster), or the sops4j
 * gateway on behalf of a CI job. Both produce the same wrapped bytes, so {@link NexusKeySource} only chooses one.
 * Names arrive already validated; failures are one-line {@code KeySourceException}s.
 */
public interface NexusKeyService extends AutoCloseable {

    /** The data key wrapped under the current primary version of {@code name}'s keyset. */
    byte[] wrap(String name, SecretBytes dataKey);

    /** The data key from {@code wrapped}, produced by any still-enabled version of {@code name}'s keyset. */
    SecretBytes unwrap(String name, byte[] wrapped);

    @Override
    void close();
}
