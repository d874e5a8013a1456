package dev.sops4j.core.compat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Comment;
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
import dev.sops4j.core.tree.TimeValue;
import dev.sops4j.core.text.GoFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A canonical one-line text of a tree (order and scalar types included, comments left out) so that our decrypted
 * trees and the reference decryptor's JSON trees compare with readable diffs. Ints print as {@code i42}, floats as
 * {@code f1.5}, strings quoted; a float that happens to be integral stays a float ({@code f25.0}).
 */
final class TreeText {
    private static final JsonFactory JSON = new JsonFactory();

    private TreeText() {
    }

    static String of(List<Mapping> branches) {
        List<String> docs = new ArrayList<>();
        for (Mapping m : branches) {
            docs.add(of(m));
        }
        return "[" + String.join(", ", docs) + "]";
    }

    static String of(Node node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(Node node, StringBuilder sb) {
        if (node instanceof Mapping m) {
            sb.append('{');
            boolean first = true;
            for (MapEntry e : m.entries()) {
                if (e instanceof Pair p) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    quote(p.key(), sb);
                    sb.append(": ");
                    write(p.value(), sb);
                }
            }
            sb.append('}');
        } else if (node instanceof Sequence s) {
            sb.append('[');
            boolean first = true;
            for (Element e : s.items()) {
                if (e instanceof Node n) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    write(n, sb);
                }
            }
            sb.append(']');
        } else if (node instanceof StrValue v) {
            quote(v.value(), sb);
        } else if (node instanceof IntValue v) {
            sb.append('i').append(v.value());
        } else if (node instanceof FloatValue v) {
            sb.append('f').append(v.value());
        } else if (node instanceof BoolValue v) {
            sb.append(v.value());
        } else if (node instanceof NullValue) {
            sb.append("null");
        } else if (node instanceof TimeValue v) {
            sb.append('t').append(GoFormat.formatTime(v.value()));
        } else if (node instanceof BytesValue v) {
            sb.append("bytes:").append(java.util.HexFormat.of().formatHex(v.value()));
        } else {
            throw new IllegalStateException("unknown node " + node.getClass());
        }
    }

    /** The comments of a tree in document order, for checks of encrypted comments. */
    static List<String> comments(List<Mapping> branches) {
        List<String> out = new ArrayList<>();
        for (Mapping m : branches) {
            collectComments(m, out);
        }
        return out;
    }

    private static void collectComments(Node node, List<String> out) {
        if (node instanceof Mapping m) {
            for (MapEntry e : m.entries()) {
                if (e instanceof Comment c) {
                    out.add(c.text());
                } else if (e instanceof Pair p) {
                    collectComments(p.value(), out);
                }
            }
        } else if (node instanceof Sequence s) {
            for (Element e : s.items()) {
                if (e instanceof Comment c) {
                    out.add(c.text());
                } else if (e instanceof Node n) {
                    collectComments(n, out);
                }
            }
        }
    }

    /** The same canonical text for a JSON value read token by token (JSON ints stay ints, decimals floats). */
    static String ofJson(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            StringBuilder sb = new StringBuilder();
            writeJson(p, sb);
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJson(JsonParser p, StringBuilder sb) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                sb.append('{');
                boolean first = true;
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    quote(p.currentName(), sb);
                    sb.append(": ");
                    p.nextToken();
                    writeJson(p, sb);
                }
                sb.append('}');
            }
            case START_ARRAY -> {
                sb.append('[');
                boolean first = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    writeJson(p, sb);
                }
                sb.append(']');
            }
            case VALUE_STRING -> quote(p.getText(), sb);
            case VALUE_NUMBER_INT -> sb.append('i').append(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> sb.append('f').append(p.getDoubleValue());
            case VALUE_TRUE -> sb.append(true);
            case VALUE_FALSE -> sb.append(false);
            case VALUE_NULL -> sb.append("null");
            default -> throw new IllegalStateException("unexpected JSON token " + t);
        }
    }

    /** The JSON array member {@code name} of a top-level object, as canonical text. */
    static String jsonMember(String json, String name) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    StringBuilder sb = new StringBuilder();
                    writeJson(p, sb);
                    return sb.toString();
                }
                p.skipChildren();
            }
            throw new IllegalArgumentException("no member " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
