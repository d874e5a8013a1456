package dev.sops4j.core.store.yaml;

import dev.sops4j.core.text.GoFormat;
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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns {@link Raw} documents into sops trees in two passes, as sops does: first yaml.v3's own checks over the
 * whole file (duplicate keys, explicit tags, merge values), then the typed tree with sops' walker checks (string
 * keys only, no uint64), which raise {@link WalkProblem}.
 */
final class TreeBuilder {
    private static final String YAML_TAG = "tag:yaml.org,2002:";
    private static final long EXPANSION_LIMIT = 10_000_000L;

    private final List<String> duplicateErrors = new ArrayList<>();
    private long expanded;

    /** A failure of sops' tree walk, reported as "Error walking tree: ...". */
    static final class WalkProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WalkProblem(String message) {
            super(message, null, false, false);
        }
    }

    static List<Mapping> build(List<Raw.Document> documents) {
        TreeBuilder b = new TreeBuilder();
        for (Raw.Document d : documents) {
            if (d.root() != null) {
                b.check(d.root());
            }
        }
        if (!b.duplicateErrors.isEmpty()) {
            throw new YamlProblem("yaml: unmarshal errors: " + String.join("; ", b.duplicateErrors));
        }
        List<Mapping> out = new ArrayList<>();
        for (Raw.Document d : documents) {
            out.add(b.branch(d));
        }
        return out;
    }

    // ---- pass 1: what yaml.v3 rejects while decoding into map[string]interface{} ----

    private void check(Raw.Node n) {
        Raw.Node node = n instanceof Raw.Alias a ? a.target() : n;
        if (node instanceof Raw.Scalar s) {
            goValue(s);
        } else if (node instanceof Raw.Container c && n == node) {
            if (c.mapping) {
                checkMapping(c);
            } else {
                for (Object o : c.items) {
                    if (o instanceof Raw.Node item) {
                        check(item);
                    }
                }
            }
        }
    }

    private void checkMapping(Raw.Container c) {
        List<Raw.Pair> pairs = new ArrayList<>();
        for (Object o : c.items) {
            if (o instanceof Raw.Pair p) {
                pairs.add(p);
            }
        }
        // Hashing finds whether any key repeats in linear time; only then the pairwise scan runs, and it keeps
        // the order of the messages.
        boolean duplicates = hasDuplicateKeys(pairs);
        for (int i = 0; i < pairs.size(); i++) {
            Raw.Pair pi = pairs.get(i);
            for (int j = i + 1; duplicates && j < pairs.size(); j++) {
                Raw.Pair pj = pairs.get(j);
                if (sameKey(pi.key(), pj.key())) {
                    duplicateErrors.add("line " + line(pj.key()) + ": mapping key " + goQuote(rawText(pj.key()))
                            + " already defined at line " + line(pi.key()));
                }
            }
            if (isMergeKey(pi.key())) {
                checkMerge(pi.value());
            }
            check(pi.key());
            check(pi.value());
        }
    }

    private static void checkMerge(Raw.Node value) {
        if (isMappingNode(value)) {
            return;
        }
        if (value instanceof Raw.Container c && !c.mapping) {
            for (Object o : c.items) {
                if (o instanceof Raw.Node item && !isMappingNode(item)) {
                    throw mergeProblem();
                }
            }
            return;
        }
        throw mergeProblem();
    }

    private static YamlProblem mergeProblem() {
        return new YamlProblem("yaml: map merge requires map or sequence of maps as the value");
    }

    private static boolean isMappingNode(Raw.Node n) {
        Raw.Node t = n instanceof Raw.Alias a ? a.target() : n;
        return t instanceof Raw.Container c && c.mapping;
    }

    private static boolean isMergeKey(Raw.Node key) {
        return key instanceof Raw.Scalar s && s.plain() && s.value().equals("<<")
                && (s.tag() == null || s.tag().equals("!") || s.tag().equals(YAML_TAG + "merge"));
    }

    private static boolean hasDuplicateKeys(List<Raw.Pair> pairs) {
        Set<Object> seen = new HashSet<>(pairs.size() * 2);
        for (Raw.Pair p : pairs) {
            if (!seen.add(keyIdentity(p.key()))) {
                return true;
            }
        }
        return false;
    }

    /** An object that is equal for two keys exactly when {@link #sameKey} says they are the same. */
    private static Object keyIdentity(Raw.Node n) {
        if (n instanceof Raw.Scalar x) {
            return x.value();
        }
        if (n instanceof Raw.Alias x) {
            return new AliasKey(x.anchor());
        }
        if (n instanceof Raw.Container x) {
            return x.mapping;
        }
        return new Object();
    }

    private record AliasKey(String anchor) {
    }

    private static boolean sameKey(Raw.Node a, Raw.Node b) {
        if (a instanceof Raw.Scalar x && b instanceof Raw.Scalar y) {
            return x.value().equals(y.value());
        }
        if (a instanceof Raw.Alias x && b instanceof Raw.Alias y) {
            return x.anchor().equals(y.anchor());
        }
        return a instanceof Raw.Container x && b instanceof Raw.Container y && x.mapping == y.mapping;
    }

    private static String rawText(Raw.Node n) {
        if (n instanceof Raw.Scalar s) {
            return s.value();
        }
        return n instanceof Raw.Alias a ? a.anchor() : "";
    }

    private static int line(Raw.Node n) {
        if (n instanceof Raw.Scalar s) {
            return s.line();
        }
        if (n instanceof Raw.Alias a) {
            return a.line();
        }
        return ((Raw.Container) n).line;
    }

    /** Go's {@code %#v} of a string: double-quoted with Go escapes. */
    static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** yaml.v3's decoded value of a scalar node. */
    static GoScalar goValue(Raw.Scalar s) {
        String tag = s.tag();
        if (tag == null || tag.equals("!")) {
            return s.plain() ? GoResolve.plain(s.value()) : new GoScalar.Str(s.value());
        }
        if (!tag.startsWith(YAML_TAG)) {
            return new GoScalar.Str(s.value());
        }
        String shortTag = "!!" + tag.substring(YAML_TAG.length());
        if (shortTag.equals("!!binary")) {
            return GoResolve.binary(s.value());
        }
        if (GoResolve.isResolvableTag(shortTag)) {
            return GoResolve.tagged(shortTag, s.value());
        }
        return new GoScalar.Str(s.value());
    }

    // ---- pass 2: the sops tree ----

    private Mapping branch(Raw.Document d) {
        List<MapEntry> entries = new ArrayList<>();
        for (Raw.Comment c : d.looseComments()) {
            entries.add(new Comment(c.text(), c.inline()));
        }
        Raw.Node root = d.root() instanceof Raw.Alias a ? a.target() : d.root();
        if (root == null) {
            return new Mapping(entries);
        }
        if (root instanceof Raw.Container c) {
            if (!c.mapping) {
                throw new YamlProblem("YAML documents that are sequences are not supported");
            }
            entries.addAll(mapping(c).entries());
            return new Mapping(entries);
        }
        if (goValue((Raw.Scalar) root) instanceof GoScalar.Null) {
            return new Mapping(entries);
        }
        throw new YamlProblem("YAML documents that are values are not supported");
    }

    private Node node(Raw.Node n) {
        if (++expanded > EXPANSION_LIMIT) {
            throw new YamlProblem("yaml: document contains excessive aliasing");
        }
        if (n instanceof Raw.Alias a) {
            return node(a.target());
        }
        if (n instanceof Raw.Scalar s) {
            return scalar(goValue(s));
        }
        Raw.Container c = (Raw.Container) n;
        if (c.mapping) {
            return mapping(c);
        }
        List<Element> items = new ArrayList<>();
        for (Object o : c.items) {
            items.add(o instanceof Raw.Comment rc ? new Comment(rc.text(), rc.inline()) : node((Raw.Node) o));
        }
        return new Sequence(items);
    }

    private Mapping mapping(Raw.Container c) {
        List<MapEntry> entries = new ArrayList<>();
        for (Object o : c.items) {
            if (o instanceof Raw.Comment rc) {
                entries.add(new Comment(rc.text(), rc.inline()));
            } else {
                Raw.Pair p = (Raw.Pair) o;
                String key = key(p.key());
                entries.add(new Pair(key, node(p.value())));
            }
        }
        return new Mapping(entries);
    }

    private static String key(Raw.Node n) {
        Raw.Node k = n instanceof Raw.Alias a ? a.target() : n;
        if (k instanceof Raw.Scalar s) {
            GoScalar v = goValue(s);
            if (v instanceof GoScalar.Str str) {
                return str.value();
            }
            if (v instanceof GoScalar.Binary b) {
                String text = utf8(b.value());
                if (text != null) {
                    return text;
                }
            }
            throw nonStringKey(v);
        }
        Raw.Container c = (Raw.Container) k;
        String type = c.mapping ? "map[string]interface {}" : "[]interface {}";
        throw new WalkProblem("Tree contains a non-string key (type " + type + "). Only string keys are supported");
    }

    private static WalkProblem nonStringKey(GoScalar v) {
        String type;
        String shown;
        if (v instanceof GoScalar.Int i) {
            type = "int";
            shown = "%!s(int=" + i.value() + ")";
        } else if (v instanceof GoScalar.Uint u) {
            type = "uint64";
            shown = "%!s(uint64=" + u.value() + ")";
        } else if (v instanceof GoScalar.Float f) {
            type = "float64";
            shown = "%!s(float64=" + goFloatV(f.value()) + ")";
        } else if (v instanceof GoScalar.Bool b) {
            type = "bool";
            shown = "%!s(bool=" + b.value() + ")";
        } else if (v instanceof GoScalar.Time t) {
            type = "time.Time";
            shown = goTimeString(t.value());
        } else {
            type = "<nil>";
            shown = "%!s(<nil>)";
        }
        return new WalkProblem("Tree contains a non-string key (type " + type + "): " + shown
                + ". Only string keys are supported");
    }

    private static String goFloatV(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return GoFormat.formatFloatG(d);
    }

    /** Go's {@code time.Time.String()} for a time parsed by yaml.v3 (UTC or a fixed zone without a name). */
    private static String goTimeString(OffsetDateTime t) {
        String rfc = GoFormat.formatTime(t);
        String date = rfc.substring(0, 10);
        int end = rfc.length();
        int off = t.getOffset().getTotalSeconds();
        String clock = rfc.substring(11, off == 0 ? end - 1 : end - 6);
        String zone;
        if (off == 0) {
            zone = "+0000 UTC";
        } else {
            int a = Math.abs(off);
            String z = String.format("%s%02d%02d", off < 0 ? "-" : "+", a / 3600, (a / 60) % 60);
            zone = z + " " + z;
        }
        return date + " " + clock + " " + zone;
    }

    private static Node scalar(GoScalar v) {
        if (v instanceof GoScalar.Str s) {
            return new StrValue(s.value());
        }
        if (v instanceof GoScalar.Binary b) {
            String text = utf8(b.value());
            return text != null ? new StrValue(text) : new BytesValue(b.value());
        }
        if (v instanceof GoScalar.Int i) {
            return new IntValue(i.value());
        }
        if (v instanceof GoScalar.Float f) {
            return new FloatValue(f.value());
        }
        if (v instanceof GoScalar.Bool b) {
            return new BoolValue(b.value());
        }
        if (v instanceof GoScalar.Time t) {
            return new TimeValue(t.value());
        }
        if (v instanceof GoScalar.Uint) {
            throw new WalkProblem("Cannot walk value, unknown type: uint64");
        }
        return NullValue.INSTANCE;
    }

    /** The text when the bytes are valid UTF-8, else null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
