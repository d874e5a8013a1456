package dev.sops4j.core.keys.age;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.secret.SecretBytes;

/** STUB: to be implemented. */
public final class AgeKeySource implements KeySource<AgeKeyRef> {
    public AgeKeySource(Environment env) {
    }

    @Override
    public Class<AgeKeyRef> refType() {
        return AgeKeyRef.class;
    }

    @Override
    public AgeKeyRef wrap(AgeKeyRef ref, SecretBytes secret) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public SecretBytes unwrap(AgeKeyRef ref) {
        throw new UnsupportedOperationException("TODO");
    }
}
