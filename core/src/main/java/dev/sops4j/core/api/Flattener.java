package dev.sops4j.core.api;

import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns decrypted trees into flat {@code key -> text} maps for property-style consumers (Maven properties, Spring
 * environments): nested keys joined with {@code .}, list items as {@code key[0]}, comments and nulls dropped.
 * Scalars use the text sops prints for them (booleans {@code true}/{@code false}, Go float formatting).
 */
public final class Flattener {
    private Flattener() {
    }

    public static Map<String, String> flatten(List<Mapping> branches, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Mapping m : branches) {
            walk(m, "", prefix == null ? "" : prefix, out);
        }
        return out;
    }

    // The prefix is prepended verbatim ("secrets." gives "secrets.db.user"), never joined with another dot.
    private static void walk(Node node, String path, String prefix, Map<String, String> out) {
        if (node instanceof Mapping m) {
            for (MapEntry e : m.entries()) {
                if (e instanceof Pair p) {
                    walk(p.value(), path.isEmpty() ? p.key() : path + "." + p.key(), prefix, out);
                }
            }
        } else if (node instanceof Sequence s) {
            int i = 0;
            for (Element e : s.items()) {
                if (e instanceof Node n) {
                    walk(n, path + "[" + i++ + "]", prefix, out);
                }
            }
        } else {
            String text = text(node);
            if (text != null) {
                out.put(prefix + path, text);
            }
        }
    }

    /** The text of a scalar as sops prints it, or null for null values and containers. */
    public static String text(Node node) {
        if (node instanceof StrValue s) {
            return s.value();
        } else if (node instanceof IntValue i) {
            return Long.toString(i.value());
        } else if (node instanceof FloatValue f) {
            return GoFormat.formatFloatG(f.value());
        } else if (node instanceof BoolValue b) {
            return Boolean.toString(b.value());
        } else if (node instanceof TimeValue t) {
            return GoFormat.formatTime(t.value());
        } else if (node instanceof BytesValue b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        } else if (node instanceof NullValue) {
            return null;
        }
        return null;
    }
}
