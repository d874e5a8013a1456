package dev.sops4j.core.metadata;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Weakly typed field access like sops' {@code mapstructure} decoding with {@code WeaklyTypedInput}: strings from
 * dotenv/INI become ints and bools, scalars become strings. Errors name the field by its dotted path.
 */
final class WeakFields {
    private WeakFields() {
    }

    static Optional<Node> get(Mapping m, String key) {
        return m.get(key).filter(n -> !(n instanceof NullValue));
    }

    static String string(Mapping m, String key, String where) {
        Optional<Node> n = get(m, key);
        if (n.isEmpty()) {
            return "";
        }
        Node v = n.get();
        if (v instanceof StrValue s) {
            return s.value();
        }
        if (v instanceof IntValue i) {
            return Long.toString(i.value());
        }
        if (v instanceof FloatValue f) {
            return GoFormat.formatFloatF(f.value());
        }
        if (v instanceof BoolValue b) {
            return b.value() ? "1" : "0";
        }
        if (v instanceof TimeValue t) {
            return GoFormat.formatTime(t.value());
        }
        throw wrongType(where + key, "a string", v);
    }

    static int integer(Mapping m, String key, String where) {
        Optional<Node> n = get(m, key);
        if (n.isEmpty()) {
            return 0;
        }
        Node v = n.get();
        if (v instanceof IntValue i && i.value() >= Integer.MIN_VALUE && i.value() <= Integer.MAX_VALUE) {
            return (int) i.value();
        }
        if (v instanceof FloatValue f && f.value() == Math.rint(f.value()) && Math.abs(f.value()) < 1e9) {
            return (int) f.value();
        }
        if (v instanceof BoolValue b) {
            return b.value() ? 1 : 0;
        }
        if (v instanceof StrValue s) {
            String t = s.value();
            if (t.isEmpty()) {
                return 0;
            }
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw invalid("Invalid sops metadata: field '" + where + key
                        + "' must be an integer, got a string that is not one");
            }
        }
        throw wrongType(where + key, "an integer", v);
    }

    static boolean bool(Mapping m, String key, String where) {
        Optional<Node> n = get(m, key);
        if (n.isEmpty()) {
            return false;
        }
        Node v = n.get();
        if (v instanceof BoolValue b) {
            return b.value();
        }
        if (v instanceof IntValue i) {
            return i.value() != 0;
        }
        if (v instanceof StrValue s) {
            if (s.value().isEmpty()) {
                return false;
            }
            try {
                return GoFormat.parseBool(s.value());
            } catch (IllegalArgumentException e) {
                throw invalid("Invalid sops metadata: field '" + where + key
                        + "' must be a boolean, got a string that is not one");
            }
        }
        throw wrongType(where + key, "a boolean", v);
    }

    /** A list of mappings; absent, null or empty yields an empty list. */
    static List<Mapping> mappings(Mapping m, String key, String where) {
        Optional<Node> n = get(m, key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (!(n.get() instanceof Sequence s)) {
            throw wrongType(where + key, "a list", n.get());
        }
        List<Mapping> out = new ArrayList<>();
        int i = 0;
        for (var item : s.items()) {
            if (item instanceof Mapping mm) {
                out.add(mm);
            } else if (item instanceof Node node) {
                throw wrongType(where + key + "[" + i + "]", "a mapping", node);
            }
            i++;
        }
        return out;
    }

    /** sops reports unreadable metadata as a generic failure (exit 1), like a file without metadata. */
    static MetadataException invalid(String message) {
        return new MetadataException(ExitCode.GENERIC, message, null);
    }

    static MetadataException wrongType(String field, String expected, Node got) {
        return invalid("Invalid sops metadata: field '" + field + "' must be " + expected + ", got "
                + kind(got));
    }

    static String kind(Node n) {
        if (n instanceof Mapping) {
            return "a mapping";
        }
        if (n instanceof Sequence) {
            return "a list";
        }
        if (n instanceof StrValue) {
            return "a string";
        }
        if (n instanceof IntValue) {
            return "an integer";
        }
        if (n instanceof FloatValue) {
            return "a float";
        }
        if (n instanceof BoolValue) {
            return "a boolean";
        }
        if (n instanceof TimeValue) {
            return "a timestamp";
        }
        return "a " + n.getClass().getSimpleName();
    }
}
