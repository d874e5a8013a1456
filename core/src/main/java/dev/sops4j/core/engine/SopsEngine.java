package dev.sops4j.core.engine;

import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeySources;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/** STUB: the encrypt/decrypt workflows behind {@link dev.sops4j.core.Sops4j}. */
public final class SopsEngine {
    public SopsEngine(KeySources keySources, Clock clock, SecureRandom random) {
    }

    public DecryptedFile decrypt(EncryptedDocument document, DecryptOptions options) {
        throw new UnsupportedOperationException("TODO");
    }

    public EncryptedDocument encrypt(List<Mapping> plain, EncryptionSpec spec, Format format) {
        throw new UnsupportedOperationException("TODO");
    }

    public EncryptedDocument reencrypt(DecryptedFile file) {
        throw new UnsupportedOperationException("TODO");
    }

    public EncryptedDocument rotate(DecryptedFile file, List<KeyGroup> groups, int shamirThreshold) {
        throw new UnsupportedOperationException("TODO");
    }

    public EncryptedDocument rewrap(EncryptedDocument document, DecryptOptions options, List<KeyGroup> groups,
            int shamirThreshold) {
        throw new UnsupportedOperationException("TODO");
    }
}
