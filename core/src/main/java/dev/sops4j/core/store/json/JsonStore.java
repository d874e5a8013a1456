package dev.sops4j.core.store.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.text.AsciiScan;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * sops' JSON store: one object per file, key order kept, integers within int64 typed {@code int} and every other
 * number {@code float} (sops 3.13.2), metadata under a last top-level {@code "sops"} key, output laid out like
 * Go's {@code json.Indent} with a trailing newline.
 */
public final class JsonStore implements Store {
    static final String SOPS_KEY = "sops";
    /** Go's encoding/json refuses to write more nested objects and arrays than this. */
    static final int MAX_DEPTH = 10_000;

    private final int indent;
    private final JsonFactory factory;

    /** {@code indent}: -1 for a tab (sops' default), N for N spaces. */
    public JsonStore(int indent) {
        if (indent < -1) {
            throw new FormatException("JSON Indentation parameter smaller than -1 is not accepted");
        }
        this.indent = indent;
        // sops imposes no size limits; binary files travel as one JSON string of the whole file. Depth is
        // checked here (MAX_DEPTH, with sops' message); the parser's own bound only stands behind it.
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1)
                        .maxStringLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE)
                        .maxNumberLength(Integer.MAX_VALUE).build())
                .build();
    }

    @Override
    public Format format() {
        return Format.JSON;
    }

    @Override
    public List<Mapping> parsePlain(byte[] input) {
        return List.of(readObject(input, false));
    }

    @Override
    public EncryptedDocument parseEncrypted(byte[] input) {
        Mapping all = readObject(input, true);
        Node metadata = all.get(SOPS_KEY).orElseThrow(
                () -> new MetadataException(ExitCode.GENERIC, "sops metadata not found", null));
        if (!(metadata instanceof Mapping md)) {
            throw new MetadataException(ExitCode.GENERIC,
                    "Invalid sops metadata: the top-level 'sops' value must be an object", null);
        }
        return new EncryptedDocument(List.of(all.without(SOPS_KEY)), md);
    }

    @Override
    public byte[] emitPlain(List<Mapping> branches) {
        return new GoJsonWriter(indent).writeLine(first(branches));
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> branches, Mapping metadata) {
        List<MapEntry> entries = new ArrayList<>(first(branches).entries());
        entries.add(new Pair(SOPS_KEY, metadata));
        return new GoJsonWriter(indent).writeLine(new Mapping(entries));
    }

    @Override
    public byte[] emitValue(Node value) {
        return new GoJsonWriter(indent).write(value);
    }

    @Override
    public boolean hasSopsMetadata(byte[] input) {
        return readObject(input, false).containsKey(SOPS_KEY);
    }

    private static Mapping first(List<Mapping> branches) {
        if (branches.isEmpty()) {
            throw new FormatException("Error marshaling to json: there is no document to write");
        }
        return branches.get(0);
    }

    /**
     * Reads the top-level object. sops reads plaintext files token by token and ignores what follows the object;
     * encrypted files go through {@code json.Unmarshal}, which rejects trailing data ({@code strict}).
     */
    private Mapping readObject(byte[] input, boolean strict) {
        byte[] utf8 = GoJsonWriter.replaceInvalidUtf8(input);
        try (JsonParser p = factory.createParser(utf8)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw error(strict, "Could not unmarshal input data: the input is empty", null);
            }
            if (t != JsonToken.START_OBJECT) {
                throw error(strict, "SOPS only supports JSON files with a top-level object (starting with '{'),"
                        + " not arrays or other types. To encrypt this file, wrap it in an object, e.g.,"
                        + " {\"data\": [...]}", null);
            }
            Mapping m = object(p, 1, utf8);
            if (strict && p.nextToken() != null) {
                throw error(true, "Error unmarshalling input json: invalid data after the top-level value", null);
            }
            return m;
        } catch (InputException e) {
            throw strict ? error(true, e.getMessage(), e.getCause()) : e;
        } catch (IOException e) {
            // The parser's own messages quote the offending token (a secret, often): word the error as Go's
            // encoding/json does, as sops prints it, and keep the parser's exception out of the chain.
            throw error(strict, "Could not unmarshal input data: "
                    + GoJsonSyntax.firstError(input).orElse("invalid JSON"), null);
        }
    }

    /** sops exits 1 when an encrypted file does not parse, 2 (could not read input) when a plaintext one does not. */
    private static InputException error(boolean encrypted, String message, Throwable cause) {
        return new InputException(encrypted ? ExitCode.GENERIC : ExitCode.COULD_NOT_READ_INPUT_FILE, message, cause);
    }

    /**
     * sops reads any depth but cannot write more than {@link #MAX_DEPTH} levels: {@code encrypt} then fails with
     * this message and exit 4. sops4j stops at the same depth while reading, with the same message.
     */
    static FormatException tooDeep(char opening) {
        return new FormatException("Could not marshal tree: Error marshaling to json: invalid character '"
                + opening + "' exceeded max depth");
    }

    /** An object; {@code input} is the parsed bytes for the top-level one (see {@link #plainString}), else null. */
    private Mapping object(JsonParser p, int depth, byte[] input) throws IOException {
        if (depth > MAX_DEPTH) {
            throw tooDeep('{');
        }
        List<MapEntry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            String plain = input != null && t == JsonToken.VALUE_STRING ? plainString(p, input) : null;
            entries.add(new Pair(key, plain != null ? new StrValue(plain) : value(p, depth)));
        }
        return new Mapping(entries);
    }

    /**
     * A top-level string made straight from the input bytes, or null (the parser then reads it). The binary
     * store's one value is a 27 MB {@code ENC[...]} string for a 20 MB file; through the parser it would fill
     * char buffers of twice its size, then a builder and the String (some 110 MB at once). Only the plain case:
     * from the opening quote to the closing one nothing but printable ASCII and no backslash, which is then
     * exactly the string's content. The parser skips the string at its next token.
     */
    private static String plainString(JsonParser p, byte[] input) {
        long quote = p.currentTokenLocation().getByteOffset();
        if (quote < 0 || quote >= input.length || input[(int) quote] != '"') {
            return null;
        }
        int start = (int) quote + 1;
        int end = AsciiScan.firstJsonSpecial(input, start, input.length, false);
        return end < input.length && input[end] == '"'
                ? new String(input, start, end - start, StandardCharsets.ISO_8859_1) : null;
    }

    private Sequence array(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw tooDeep('[');
        }
        List<Element> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(value(p, depth));
        }
        return new Sequence(items);
    }

    private Node value(JsonParser p, int depth) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return object(p, depth + 1, null);
            case START_ARRAY:
                return array(p, depth + 1);
            case VALUE_STRING:
                return new StrValue(p.getText());
            case VALUE_NUMBER_INT:
                return number(p.getText(), true);
            case VALUE_NUMBER_FLOAT:
                return number(p.getText(), false);
            case VALUE_TRUE:
                return new BoolValue(true);
            case VALUE_FALSE:
                return new BoolValue(false);
            case VALUE_NULL:
                return NullValue.INSTANCE;
            default:
                throw new InputException("Could not unmarshal input data: unexpected " + t);
        }
    }

    /** sops 3.13.2: a number that parses as int64 is an int, anything else a float64. */
    static Node number(String text, boolean integral) {
        if (integral) {
            try {
                return new IntValue(Long.parseLong(text));
            } catch (NumberFormatException e) {
                // Beyond int64: a float, as Go's json.Number.Float64 gives.
            }
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw new InputException("Could not unmarshal input data: number " + text + " is out of range");
        }
        return new FloatValue(d);
    }
}
