package dev.sops4j.core.api;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.cipher.EncString;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.io.Chunked;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.store.StoreSettings;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

    /** The format sops would use for {@code file}: the given one, else by extension (unknown means binary). */
    public static Format formatOf(Path file, Optional<Format> inputType) {
        return inputType.orElseGet(() -> Format.fromPath(file.getFileName().toString()));
    }

    /** Decrypts {@code file}; close the result to wipe the data key. */
    public DecryptedFile decrypt(Path file, Optional<Format> inputType, DecryptOptions options) {
        EncryptedDocument doc = sops.store(formatOf(file, inputType)).parseEncrypted(read(file));
        return sops.decrypt(doc, options);
    }

    /** Decrypts {@code file} and writes its plaintext in {@code outputType} (default: the input format). */
    public byte[] decryptToBytes(Path file, Optional<Format> inputType, Optional<Format> outputType,
            DecryptOptions options) {
        return decryptToBytes(file, inputType, outputType, options, StoreSettings.DEFAULTS);
    }

    /** As above, with output settings (indentation) such as the {@code stores:} section of .sops.yaml. */
    public byte[] decryptToBytes(Path file, Optional<Format> inputType, Optional<Format> outputType,
            DecryptOptions options, StoreSettings outputSettings) {
        Format in = formatOf(file, inputType);
        try (DecryptedFile f = decrypt(file, Optional.of(in), options.readOnly())) {
            return sops.store(outputType.orElse(in), outputSettings).emitPlain(f.branches());
        }
    }

    /**
     * Checks a file. Without sops metadata it is {@link Verification#PLAINTEXT}. Otherwise the metadata must parse,
     * the MAC must be present and every {@code ENC[...]} value well formed, else this throws; then, when a key
     * recovers the data key, every value is decrypted and the MAC must match (throws
     * {@link MacMismatchException} or a {@link dev.sops4j.core.error.CryptoException} when not).
     */
    public Verification verify(Path file, Optional<Format> inputType) {
        return verify(file, inputType, DecryptOptions.DEFAULTS);
    }

    public Verification verify(Path file, Optional<Format> inputType, DecryptOptions options) {
        byte[] bytes = read(file);
        Store store = sops.store(formatOf(file, inputType));
        if (!store.hasSopsMetadata(bytes)) {
            return Verification.PLAINTEXT;
        }
        EncryptedDocument doc = store.parseEncrypted(bytes);
        checkStructure(doc);
        DecryptOptions checkMac = new DecryptOptions(false, options.decryptionOrder()).readOnly();
        try (DecryptedFile ignored = sops.decrypt(doc, checkMac)) {
            return Verification.MAC_VERIFIED;
        } catch (KeyRetrievalException e) {
            return Verification.STRUCTURE_ONLY;
        }
    }

    /** Whether the file carries sops metadata (does not decrypt); unreadable or unparsable files are not. */
    public boolean isEncrypted(Path file, Optional<Format> inputType) {
        try {
            return sops.store(formatOf(file, inputType)).hasSopsMetadata(read(file));
        } catch (SopsException e) {
            return false;
        }
    }

    /** What can be checked without a key: metadata, the MAC's presence and the shape of every encrypted value. */
    private void checkStructure(EncryptedDocument doc) {
        Metadata md = sops.readMetadata(doc.metadata());
        if (md.mac().isEmpty()) {
            throw new MacMismatchException("MAC mismatch. File has no MAC");
        }
        if (!wellFormed(md.mac())) {
            throw new MacMismatchException("MAC mismatch. The MAC is not a well-formed ENC[...] value");
        }
        List<String> path = new ArrayList<>();
        for (Mapping branch : doc.branches()) {
            checkValues(branch, path);
        }
    }

    private static void checkValues(Node node, List<String> path) {
        if (node instanceof Mapping m) {
            for (MapEntry e : m.entries()) {
                if (e instanceof Pair p) {
                    path.add(p.key());
                    checkValues(p.value(), path);
                    path.remove(path.size() - 1);
                }
            }
        } else if (node instanceof Sequence s) {
            for (Element e : s.items()) {
                if (e instanceof Node n) {
                    checkValues(n, path);
                }
            }
        } else if (node instanceof StrValue s && EncString.looksEncrypted(s.value()) && !wellFormed(s.value())) {
            // The key path is not secret; the value is never echoed.
            throw new FormatException("malformed encrypted value at " + String.join(":", path)
                    + ": not ENC[AES256_GCM,data:...,iv:...,tag:...,type:...] with base64 parts");
        }
    }

    private static boolean wellFormed(String value) {
        Optional<EncString> enc = EncString.parse(value);
        if (enc.isEmpty()) {
            return false;
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            b64.decode(enc.get().data());
            return b64.decode(enc.get().iv()).length > 0 && b64.decode(enc.get().tag()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] read(Path file) {
        try {
            return Chunked.readAll(file);
        } catch (NoSuchFileException e) {
            throw new InputException("file " + file + " does not exist");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** What {@link #verify} could establish about a file. */
    public enum Verification {
        /** No sops metadata: the file is plaintext. */
        PLAINTEXT,
        /** Well formed, but no available key recovers the data key, so the MAC was not checked. */
        STRUCTURE_ONLY,
        /** Decrypted with an available key and the MAC matches. */
        MAC_VERIFIED
    }
}
