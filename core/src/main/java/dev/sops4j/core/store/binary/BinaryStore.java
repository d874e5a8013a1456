package dev.sops4j.core.store.binary;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.store.flatten.ScalarText;
import dev.sops4j.core.store.json.JsonStore;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any file that is not YAML, JSON, dotenv or INI: the whole content is one value under the key {@code data}
 * (a {@link StrValue} when it is UTF-8, else {@link BytesValue}). Encrypted, it is a JSON document
 * {@code {"data": "ENC[…]", "sops": {…}}}, which the JSON store reads and writes.
 */
public final class BinaryStore implements Store {
    static final String DATA_KEY = "data";
    private static final String EMIT_ERROR = "error emitting binary store: ";

    private final Store envelope;

    public BinaryStore(int indent) {
        this(new JsonStore(indent));
    }

    /** With the store that reads and writes the encrypted envelope (the JSON store outside of tests). */
    BinaryStore(Store envelope) {
        this.envelope = envelope;
    }

    @Override
    public Format format() {
        return Format.BINARY;
    }

    @Override
    public List<Mapping> parsePlain(byte[] input) {
        return List.of(Mapping.of(new Pair(DATA_KEY, ScalarText.fromBytes(input))));
    }

    @Override
    public List<Mapping> parsePlainOwned(byte[] input) {
        return List.of(Mapping.of(new Pair(DATA_KEY, ScalarText.fromOwnedBytes(input))));
    }

    @Override
    public EncryptedDocument parseEncrypted(byte[] input) {
        return envelope.parseEncrypted(input);
    }

    @Override
    public byte[] emitPlain(List<Mapping> branches) {
        if (branches.size() != 1) {
            throw new FormatException(EMIT_ERROR + "there must be exactly one tree branch");
        }
        for (Pair p : branches.get(0).pairs()) {
            if (p.key().equals(DATA_KEY)) {
                if (p.value() instanceof StrValue s) {
                    return s.value().getBytes(StandardCharsets.UTF_8);
                }
                if (p.value() instanceof BytesValue b) {
                    return b.value();
                }
                throw new FormatException(EMIT_ERROR + "'data' key in tree does not have a string value");
            }
        }
        throw new FormatException(EMIT_ERROR + "no binary data found in tree");
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> branches, Mapping metadata) {
        return envelope.emitEncrypted(branches, metadata);
    }

    @Override
    public byte[] emitValue(Node value) {
        throw new FormatException("Binary files are not structured and extracting a single value is not possible");
    }

    /** Always false: sops looks for a top-level {@code sops} key in the one-value plain tree, which has none. */
    @Override
    public boolean hasSopsMetadata(byte[] input) {
        return false;
    }
}
