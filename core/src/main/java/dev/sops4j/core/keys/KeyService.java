package dev.sops4j.core.keys;

import dev.sops4j.core.secret.SecretBytes;

/**
 * A remote place that wraps and unwraps data keys for any key type, as sops' {@code --keyservice} does: consulted in
 * order after the local {@link KeySource}s (or alone when those are disabled); the first one that succeeds wins.
 */
public interface KeyService {

    /** The address as the user gave it ({@code tcp://host:port}, {@code unix:///path}), for messages. */
    String address();

    /** Wraps {@code secret} for {@code ref}; returns {@code ref} with {@code enc} set. */
    KeyRef wrap(KeyRef ref, SecretBytes secret);

    /** Unwraps {@code ref.enc()}; throws {@link dev.sops4j.core.error.KeySourceException} naming the address. */
    SecretBytes unwrap(KeyRef ref);
}
