package dev.sops4j.core.store.yaml;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.StrValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * sops' YAML store: reads YAML the way go.yaml.in/yaml/v3 v3.0.4 decodes it and writes it byte for byte as sops
 * 3.13 writes it. Each document is one branch; the encrypted form carries the metadata as a top-level {@code sops}
 * key in every document.
 */
public final class YamlStore implements Store {
    private static final String METADATA_KEY = "sops";

    private final int bestIndent;
    // Callers ask hasSopsMetadata and then parse the same bytes (encrypt does); parsing a big file twice showed
    // up in profiles, so the first parse is handed to the second, once, and only for identical input.
    private final AtomicReference<Parsed> lastCheck = new AtomicReference<>();

    private record Parsed(byte[] input, List<Mapping> docs) {
    }

    /**
     * @param indent sops' {@code --indent}/{@code stores.yaml.indent}; 0 means yaml.v3's default (4), and like
     *     libyaml any width outside 2..9 falls back to 2
     */
    public YamlStore(int indent) {
        if (indent < 0) {
            throw new UsageException("YAML indentation cannot be negative: " + indent);
        }
        int i = indent == 0 ? 4 : indent;
        this.bestIndent = i < 2 || i > 9 ? 2 : i;
    }

    @Override
    public Format format() {
        return Format.YAML;
    }

    @Override
    public List<Mapping> parsePlain(byte[] input) {
        return load(input, ExitCode.ERROR_ENCRYPTING_TREE);
    }

    @Override
    public EncryptedDocument parseEncrypted(byte[] input) {
        List<Mapping> docs = load(input, ExitCode.ERROR_DECRYPTING_TREE);
        Optional<Node> meta = docs.isEmpty() ? Optional.empty() : docs.get(0).get(METADATA_KEY);
        if (meta.isEmpty() || !(meta.get() instanceof Mapping metadata)) {
            throw new MetadataException(ExitCode.GENERIC, "sops metadata not found", null);
        }
        List<Mapping> branches = new ArrayList<>(docs.size());
        for (Mapping d : docs) {
            branches.add(d.without(METADATA_KEY));
        }
        return new EncryptedDocument(branches, metadata);
    }

    @Override
    public byte[] emitPlain(List<Mapping> branches) {
        Emitter e = new Emitter(bestIndent);
        for (int i = 0; i < branches.size(); i++) {
            e.document(branches.get(i), i == 0);
        }
        return e.result().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> branches, Mapping metadata) {
        List<Mapping> withMetadata = new ArrayList<>(branches.size());
        for (Mapping b : branches) {
            List<dev.sops4j.core.tree.MapEntry> entries = new ArrayList<>(b.entries());
            entries.add(new dev.sops4j.core.tree.Pair(METADATA_KEY, metadata));
            withMetadata.add(new Mapping(entries));
        }
        return emitPlain(withMetadata);
    }

    /**
     * As {@code sops decrypt --extract} prints a value: strings raw, mappings as a whole document, anything else
     * as a one-node YAML document.
     */
    @Override
    public byte[] emitValue(Node value) {
        if (value instanceof StrValue s) {
            return s.value().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof BytesValue b) {
            return b.value();
        }
        if (value instanceof Mapping m) {
            return emitPlain(List.of(m));
        }
        Emitter e = new Emitter(bestIndent);
        e.valueDocument(value);
        return e.result().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isAscii(byte[] input) {
        for (byte b : input) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** sops looks at the first document only ({@code ensureNoMetadata} on the first branch). */
    @Override
    public boolean hasSopsMetadata(byte[] input) {
        try {
            List<Mapping> docs = TreeBuilder.build(events(input));
            lastCheck.set(new Parsed(input.clone(), docs));
            return !docs.isEmpty() && docs.get(0).containsKey(METADATA_KEY);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Parses every document; syntax and yaml.v3 decode errors are input errors, sops walker errors keep its code. */
    private List<Mapping> load(byte[] input, ExitCode walkCode) {
        Parsed last = lastCheck.getAndSet(null);
        if (last != null && Arrays.equals(last.input(), input)) {
            return last.docs();
        }
        try {
            return TreeBuilder.build(events(input));
        } catch (YamlProblem e) {
            if (walkCode == ExitCode.ERROR_DECRYPTING_TREE) {
                // sops prints yaml.v3's error as it is for a file it expects to be encrypted, and exits 1.
                throw new InputException(ExitCode.GENERIC, e.getMessage(), null);
            }
            throw new InputException("Error unmarshaling input YAML: " + e.getMessage());
        } catch (TreeBuilder.WalkProblem e) {
            throw new InputException(walkCode, "Error walking tree: " + e.getMessage(), null);
        }
    }

    /** Printable ASCII (the usual sops file) is read byte by byte, without per-character checks. */
    private static List<Raw.Document> events(byte[] input) {
        if (LinearReader.isPrintableAscii(input)) {
            return EventReader.read(new String(input, StandardCharsets.US_ASCII), input);
        }
        return EventReader.read(decode(input));
    }

    private static String decode(byte[] input) {
        if (isAscii(input)) {
            // The common case, decoded without the checking decoder (a hot spot for big files); no BOM here.
            return new String(input, StandardCharsets.US_ASCII);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(input)).toString();
            // yaml.v3 reads past a byte order mark.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new InputException("Error unmarshaling input YAML: yaml: invalid leading UTF-8 octet");
        }
    }
}
