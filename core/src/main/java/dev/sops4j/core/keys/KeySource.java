package dev.sops4j.core.keys;

import dev.sops4j.core.secret.SecretBytes;

/**
 * The service behind one key type: wraps a secret for a {@link KeyRef} and unwraps it again. Implementations hold
 * clients and credentials; they are registered once in an explicit composition root ({@link KeySources}).
 *
 * @param <R> the key reference type this source serves
 */
public interface KeySource<R extends KeyRef> {

    /** The key reference class served; {@link KeySources} dispatches on it. */
    Class<R> refType();

    /** Wraps {@code secret} for {@code ref}; returns {@code ref} with {@code enc} set. */
    R wrap(R ref, SecretBytes secret);

    /**
     * Unwraps {@code ref.enc()}. Throws {@link dev.sops4j.core.error.KeySourceException} naming the key and the
     * cause (no identity available, access denied, wrong key) when it cannot.
     */
    SecretBytes unwrap(R ref);
}
