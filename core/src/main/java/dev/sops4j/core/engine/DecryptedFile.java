package dev.sops4j.core.engine;

import dev.sops4j.core.cipher.ValueCipher;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.tree.Mapping;
import java.util.List;

/**
 * A decrypted sops file: plaintext branches, the metadata it was read with, the data key and the cipher that
 * remembers every decrypted value's IV (so re-encrypting an edited copy changes only edited values). Close it to
 * wipe the data key.
 */
public record DecryptedFile(List<Mapping> branches, Metadata metadata, SecretBytes dataKey, ValueCipher cipher)
        implements AutoCloseable {
    public DecryptedFile {
        branches = List.copyOf(branches);
    }

    public DecryptedFile withBranches(List<Mapping> newBranches) {
        return new DecryptedFile(newBranches, metadata, dataKey, cipher);
    }

    @Override
    public void close() {
        dataKey.close();
    }
}
