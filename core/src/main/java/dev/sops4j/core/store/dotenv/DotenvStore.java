package dev.sops4j.core.store.dotenv;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.store.flatten.MetadataFlattener;
import dev.sops4j.core.store.flatten.ScalarText;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * sops' dotenv format, deliberately naive: one {@code KEY=value} per line split at the first {@code =}, no quotes,
 * no {@code export}, no trimming; {@code #} in column 0 starts a comment; {@code \n} in a value is a newline.
 * Metadata is flattened into {@code sops_…} lines at the end of the file.
 */
public final class DotenvStore implements Store {
    /** Prefix of every metadata line. */
    public static final String SOPS_PREFIX = "sops_";

    public DotenvStore() {
    }

    @Override
    public Format format() {
        return Format.DOTENV;
    }

    @Override
    public List<Mapping> parsePlain(byte[] input) {
        List<MapEntry> entries = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        while (start <= input.length) {
            int end = indexOf(input, (byte) '\n', start);
            if (end < 0) {
                end = input.length;
            }
            lineNo++;
            byte[] line = Arrays.copyOfRange(input, start, end);
            start = end + 1;
            if (line.length == 0) {
                continue;
            }
            if (line[0] == '#') {
                entries.add(new Comment(new String(line, 1, line.length - 1, StandardCharsets.UTF_8)));
                continue;
            }
            int eq = indexOf(line, (byte) '=', 0);
            if (eq < 0) {
                // sops prints the line itself; it may hold a secret, so only its number is reported
                throw new InputException("invalid dotenv input line: line " + lineNo + " has no '='");
            }
            String key = new String(line, 0, eq, StandardCharsets.UTF_8);
            byte[] raw = Arrays.copyOfRange(line, eq + 1, line.length);
            entries.add(new Pair(key, unescape(raw)));
        }
        return List.of(new Mapping(entries));
    }

    private static Scalar unescape(byte[] raw) {
        Scalar value = ScalarText.fromBytes(raw);
        if (value instanceof StrValue s) {
            return new StrValue(s.value().replace("\\n", "\n"));
        }
        return new BytesValue(replace(raw, new byte[] {'\\', 'n'}, new byte[] {'\n'}));
    }

    @Override
    public EncryptedDocument parseEncrypted(byte[] input) {
        Mapping all = parsePlain(input).get(0);
        List<MapEntry> data = new ArrayList<>();
        List<Pair> flat = new ArrayList<>();
        for (MapEntry e : all.entries()) {
            if (e instanceof Pair p && p.key().startsWith(SOPS_PREFIX)) {
                flat.add(new Pair(p.key().substring(SOPS_PREFIX.length()), p.value()));
            } else {
                data.add(e);
            }
        }
        if (flat.isEmpty()) {
            throw new MetadataException(ExitCode.GENERIC, "sops metadata not found", null);
        }
        return new EncryptedDocument(List.of(new Mapping(data)), MetadataFlattener.unflatten(flat));
    }

    @Override
    public byte[] emitPlain(List<Mapping> branches) {
        if (branches.isEmpty()) {
            throw new FormatException("cannot write an empty list of documents as dotenv");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MapEntry e : branches.get(0).entries()) {
            if (e instanceof Comment c) {
                write(out, "#" + c.text() + "\n");
                continue;
            }
            Pair p = (Pair) e;
            if (!(p.value() instanceof Scalar value)) {
                throw new FormatException("cannot use complex value in dotenv file; offending key " + p.key());
            }
            refuseUnreadable(p.key(), value);
            write(out, p.key() + "=");
            if (value instanceof BytesValue b) {
                out.writeBytes(replace(b.value(), new byte[] {'\n'}, new byte[] {'\\', 'n'}));
            } else if (value instanceof StrValue s) {
                write(out, s.value().replace("\n", "\\n"));
            } else {
                write(out, ScalarText.of(value));
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * sops writes these silently and then reads back another tree (or fails on its own output): a key split at its
     * first '=' or line break, a key read as a comment, a literal backslash-n read as a line break. Refuse instead;
     * the message names the key, never the value.
     */
    private static void refuseUnreadable(String key, Scalar value) {
        if (key.indexOf('=') >= 0 || key.indexOf('\n') >= 0 || key.startsWith("#")) {
            throw new FormatException("cannot write dotenv key " + ScalarText.goQuote(key)
                    + ": a dotenv key cannot contain '=' or a line break, nor start with '#'");
        }
        boolean literalBackslashN = value instanceof StrValue s ? s.value().contains("\\n")
                : value instanceof BytesValue b
                        && replace(b.value(), new byte[] {'\\', 'n'}, new byte[0]).length != b.value().length;
        if (literalBackslashN) {
            throw new FormatException("cannot write the value of dotenv key " + ScalarText.goQuote(key)
                    + ": it contains a literal backslash-n, which would read back as a line break");
        }
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> branches, Mapping metadata) {
        List<Pair> flat = MetadataFlattener.flatten(metadata, SOPS_PREFIX);
        List<Mapping> withMetadata = new ArrayList<>(branches.size());
        for (Mapping branch : branches) {
            List<MapEntry> entries = new ArrayList<>(branch.entries());
            for (Pair p : branch.pairs()) {
                if (p.key().startsWith(SOPS_PREFIX)) {
                    throw new FormatException("Error marshaling metadata: Found key " + ScalarText.goQuote(p.key())
                            + " in encrypted data, which starts with the reserved key prefix "
                            + ScalarText.goQuote(SOPS_PREFIX) + " for SOPS metadata");
                }
            }
            entries.addAll(flat);
            withMetadata.add(new Mapping(entries));
        }
        return emitPlain(withMetadata);
    }

    @Override
    public byte[] emitValue(Node value) {
        if (value instanceof StrValue s) {
            return s.value().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof BytesValue b) {
            return b.value();
        }
        throw new FormatException("the dotenv store only supports emitting strings, got " + goTypeName(value));
    }

    @Override
    public boolean hasSopsMetadata(byte[] input) {
        for (Pair p : parsePlain(input).get(0).pairs()) {
            if (p.key().startsWith(SOPS_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /** The Go type name sops' message shows for a value of this kind. */
    private static String goTypeName(Node value) {
        if (value instanceof IntValue) {
            return "int";
        }
        if (value instanceof FloatValue) {
            return "float64";
        }
        if (value instanceof BoolValue) {
            return "bool";
        }
        if (value instanceof TimeValue) {
            return "time.Time";
        }
        if (value instanceof Mapping) {
            return "sops.TreeBranch";
        }
        if (value instanceof Sequence) {
            return "[]interface {}";
        }
        return "<nil>";
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] haystack, byte b, int from) {
        for (int i = from; i < haystack.length; i++) {
            if (haystack[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] replace(byte[] in, byte[] from, byte[] to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int i = 0;
        while (i < in.length) {
            if (i + from.length <= in.length && Arrays.equals(in, i, i + from.length, from, 0, from.length)) {
                out.writeBytes(to);
                i += from.length;
            } else {
                out.write(in[i]);
                i++;
            }
        }
        return out.toByteArray();
    }
}
