package dev.sops4j.core.keys.pgp;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.secret.SecretBytes;

/** STUB: to be implemented. */
public final class PgpKeySource implements KeySource<PgpKeyRef> {
    public PgpKeySource(Environment env) {
    }

    @Override
    public Class<PgpKeyRef> refType() {
        return PgpKeyRef.class;
    }

    @Override
    public PgpKeyRef wrap(PgpKeyRef ref, SecretBytes secret) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public SecretBytes unwrap(PgpKeyRef ref) {
        throw new UnsupportedOperationException("TODO");
    }
}
