package dev.sops4j.core.api;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * File-level operations for applications and build plugins: decrypt a file into a tree or into bytes of another
 * format, and check a file without (or with) its keys. Formats come from the file name unless given.
 */
public final class SopsFiles {
    private final Sops4j sops;

    public SopsFiles(Sops4j sops) {
        this.sops = sops;
    }

    /** Decrypts {@code file}; close the result to wipe the data key. */
    public DecryptedFile decrypt(Path file, Optional<Format> inputType, DecryptOptions options) {
        Format in = inputType.orElseGet(() -> Format.fromPath(file.getFileName().toString()));
        EncryptedDocument doc = sops.store(in).parseEncrypted(read(file));
        return sops.decrypt(doc, options);
    }

    /** Decrypts {@code file} and writes its plaintext in {@code outputType} (default: the input format). */
    public byte[] decryptToBytes(Path file, Optional<Format> inputType, Optional<Format> outputType,
            DecryptOptions options) {
        Format in = inputType.orElseGet(() -> Format.fromPath(file.getFileName().toString()));
        try (DecryptedFile f = decrypt(file, Optional.of(in), options)) {
            return sops.store(outputType.orElse(in)).emitPlain(f.branches());
        }
    }

    /**
     * Checks a file: it must carry sops metadata that parses, and its MAC must verify when a key can recover the
     * data key. The result says which of these could be checked; structural failures throw.
     */
    public Verification verify(Path file, Optional<Format> inputType) {
        Format in = inputType.orElseGet(() -> Format.fromPath(file.getFileName().toString()));
        byte[] bytes = read(file);
        Store store = sops.store(in);
        if (!store.hasSopsMetadata(bytes)) {
            return Verification.PLAINTEXT;
        }
        EncryptedDocument doc = store.parseEncrypted(bytes);
        sops.readMetadata(doc.metadata());
        try (DecryptedFile ignored = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            return Verification.MAC_VERIFIED;
        } catch (dev.sops4j.core.error.KeyRetrievalException e) {
            return Verification.STRUCTURE_ONLY;
        }
    }

    /** Whether the file carries sops metadata (does not decrypt). */
    public boolean isEncrypted(Path file, Optional<Format> inputType) {
        Format in = inputType.orElseGet(() -> Format.fromPath(file.getFileName().toString()));
        try {
            return sops.store(in).hasSopsMetadata(read(file));
        } catch (SopsException e) {
            return false;
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException("file " + file + " does not exist");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #verify} could establish about a file. */
    public enum Verification {
        /** No sops metadata: the file is plaintext. */
        PLAINTEXT,
        /** Metadata is well formed but no available key recovers the data key, so the MAC was not checked. */
        STRUCTURE_ONLY,
        /** Decrypted with an available key and the MAC matches. */
        MAC_VERIFIED
    }

}
