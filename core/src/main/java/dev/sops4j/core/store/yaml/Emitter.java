package dev.sops4j.core.store.yaml;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.store.flatten.ScalarText;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes sops trees exactly as sops' YAML store writes them through yaml.v3's encoder: block style, the encoder's
 * indentation rules (nested blocks at the next multiple of the indent, blocks in sequence items two past the dash),
 * libyaml's scalar style choice, no line folding, and comments where sops hands them to yaml.v3 (head comments
 * before an entry, inline ones after it, trailing ones after a block's last entry).
 */
final class Emitter {
    private final YamlOutput out;
    private final int best;
    /** yaml.v3's pending line comment: a literal block scalar writes it after its header. */
    private String lineComment = "";
    /** The key being written, for refusals: they name the key, never a value. */
    private String key = "";
    /** Files must read back; a value printed on its own ({@code --extract}) is not read again. */
    private boolean refuseUnreadable = true;

    private enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

    private record Text(String value, String tag, Style requested) {
    }

    Emitter(int bestIndent) {
        this.best = bestIndent;
        this.out = new YamlOutput(bestIndent);
    }

    String result() {
        return out.result();
    }

    /** One YAML document whose root is a mapping; documents after the first start with {@code ---}. */
    void document(Mapping root, boolean first) {
        if (!first) {
            out.writeIndent(0);
            out.writeIndicator("---", true, false, false);
        }
        mapping(root, -1, false);
        endDocument();
    }

    /** A document whose root is any node ({@code --extract} of a non-mapping value). */
    void valueDocument(Node root) {
        refuseUnreadable = false;
        node(root, -1, false);
        processLineComment();
        endDocument();
    }

    private void endDocument() {
        out.resetFootIndent();
        out.writeIndent(0);
    }

    private void node(Node n, int parentIndent, boolean seqItem) {
        if (n instanceof Mapping m) {
            mapping(m, parentIndent, seqItem);
        } else if (n instanceof Sequence s) {
            sequence(s, parentIndent, seqItem);
        } else {
            scalar(text(n), parentIndent, seqItem, false);
        }
    }

    private static boolean isBlockCollection(Node n) {
        if (n instanceof Mapping m) {
            return !m.pairs().isEmpty();
        }
        return n instanceof Sequence s && s.items().stream().anyMatch(e -> e instanceof Node);
    }

    private int increaseIndent(int parentIndent, boolean flow, boolean seqItem) {
        if (parentIndent < 0) {
            return flow ? best : 0;
        }
        if (seqItem) {
            return parentIndent + 2;
        }
        return best * ((parentIndent + best) / best);
    }

    private void mapping(Mapping m, int parentIndent, boolean seqItem) {
        int indent = increaseIndent(parentIndent, false, seqItem);
        List<String> head = new ArrayList<>();
        List<String> line = new ArrayList<>();
        boolean any = false;
        for (MapEntry e : m.entries()) {
            if (e instanceof Comment c) {
                (c.inline() ? line : head).add("#" + c.text());
            } else {
                Pair p = (Pair) e;
                out.processHeadComment(String.join("\n", head), indent);
                pair(p, indent, String.join("\n", line));
                head.clear();
                line.clear();
                any = true;
            }
        }
        if (!any) {
            refuseNestedComments(m.entries(), parentIndent, "mapping");
            emptyFlow("{", "}", commentsInOrder(m.entries()), parentIndent);
            return;
        }
        out.processFootComment(commentsInOrder(trailing(m.entries())), indent);
    }

    private void sequence(Sequence s, int parentIndent, boolean seqItem) {
        int indent = increaseIndent(parentIndent, false, seqItem);
        List<String> head = new ArrayList<>();
        List<String> line = new ArrayList<>();
        boolean any = false;
        for (Element e : s.items()) {
            if (e instanceof Comment c) {
                (c.inline() ? line : head).add("#" + c.text());
                continue;
            }
            Node item = (Node) e;
            out.processHeadComment(String.join("\n", head), indent);
            out.writeIndent(indent);
            out.writeIndicator("-", true, false, true);
            lineComment = String.join("\n", line);
            head.clear();
            line.clear();
            if (isBlockCollection(item)) {
                processLineComment();
                node(item, indent, true);
            } else {
                node(item, indent, true);
                processLineComment();
            }
            any = true;
        }
        if (!any) {
            refuseNestedComments(s.items(), parentIndent, "list");
            emptyFlow("[", "]", commentsInOrder(s.items()), parentIndent);
            return;
        }
        out.processFootComment(commentsInOrder(trailing(s.items())), indent);
    }

    /**
     * yaml.v3 writes the comments of an empty nested block where they read back as part of something else: a
     * list's after it (they then belong to the enclosing block), a mapping's inside its braces, where sops drops
     * them. Only the document root keeps them (before the braces), so anywhere else this is refused.
     */
    private void refuseNestedComments(List<?> entries, int parentIndent, String kind) {
        if (refuseUnreadable && parentIndent >= 0 && entries.stream().anyMatch(e -> e instanceof Comment)) {
            throw new FormatException("cannot write the YAML value of key " + quote(key) + ": an empty " + kind
                    + " holding only comments would not read back with its comments");
        }
    }

    private static String quote(String s) {
        return ScalarText.goQuote(s);
    }

    /** An empty block is written in flow style; its comments (if any) go before it. */
    private void emptyFlow(String open, String close, String comments, int parentIndent) {
        if (!comments.isEmpty()) {
            out.processHeadComment(comments, Math.max(parentIndent, 0));
        }
        out.writeIndicator(open, true, true, false);
        out.writeIndicator(close, false, false, false);
    }

    private static List<Object> trailing(List<?> items) {
        int last = -1;
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Comment)) {
                last = i;
            }
        }
        return new ArrayList<>(items.subList(last + 1, items.size()));
    }

    private static String commentsInOrder(List<?> items) {
        List<String> lines = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof Comment c) {
                lines.add("#" + c.text());
            }
        }
        return String.join("\n", lines);
    }

    private void pair(Pair p, int indent, String line) {
        key = p.key();
        if (p.key().equals("<<") && !mergeable(p.value())) {
            throw new FormatException("cannot write YAML key \"<<\": yaml.v3 reads it back as a merge key, whose"
                    + " value must be a mapping or a list of mappings");
        }
        out.writeIndent(indent);
        Text key = stringText(p.key());
        ScalarAnalysis a = ScalarAnalysis.of(key.value());
        // libyaml measures a simple key in UTF-8 bytes, tag included.
        int length = key.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + (key.tag() == null ? 0 : key.tag().length());
        boolean simple = !a.multiline() && length <= 128;
        if (simple) {
            scalar(key, indent, false, true);
            out.writeIndicator(":", false, false, false);
        } else {
            out.writeIndicator("?", true, false, true);
            scalar(key, indent, false, false);
            out.writeIndent(indent);
            out.writeIndicator(":", true, false, true);
        }
        lineComment = line;
        Node value = p.value();
        if (isBlockCollection(value)) {
            processLineComment();
            node(value, indent, false);
        } else {
            node(value, indent, false);
            processLineComment();
        }
        this.key = p.key();
    }

    private static boolean mergeable(Node value) {
        if (value instanceof Mapping) {
            return true;
        }
        return value instanceof Sequence s && s.items().stream().allMatch(e -> e instanceof Comment
                || e instanceof Mapping);
    }

    // ---- scalars ----

    /** What yaml.v3's marshaller makes of a value: its text, tag and the style it asks the emitter for. */
    private static Text text(Node n) {
        if (n instanceof StrValue s) {
            return stringText(s.value());
        }
        if (n instanceof BytesValue b) {
            String encoded = base64Lines(b.value());
            return new Text(encoded, "!!binary", encoded.contains("\n") ? Style.LITERAL : Style.PLAIN);
        }
        if (n instanceof IntValue i) {
            return new Text(Long.toString(i.value()), null, Style.PLAIN);
        }
        if (n instanceof FloatValue f) {
            String s = GoFormat.formatFloatG(f.value());
            s = switch (s) {
                case "+Inf" -> ".inf";
                case "-Inf" -> "-.inf";
                case "NaN" -> ".nan";
                default -> s;
            };
            return new Text(s, null, Style.PLAIN);
        }
        if (n instanceof BoolValue b) {
            return new Text(Boolean.toString(b.value()), null, Style.PLAIN);
        }
        if (n instanceof TimeValue t) {
            return new Text(GoFormat.formatTime(t.value()), null, Style.PLAIN);
        }
        if (n instanceof NullValue) {
            return new Text("null", null, Style.PLAIN);
        }
        throw new IllegalArgumentException("not a scalar: " + n.getClass().getSimpleName());
    }

    /** encode.go {@code stringv}, plus the {@code !!merge} tag the re-parse gives a plain {@code <<}. */
    private static Text stringText(String s) {
        boolean canUsePlain = GoResolve.plain(s) instanceof GoScalar.Str
                && !GoResolve.isBase60Float(s) && !GoResolve.isOldBool(s);
        Style style = s.contains("\n") ? Style.LITERAL : canUsePlain ? Style.PLAIN : Style.DOUBLE;
        String tag = style == Style.PLAIN && s.equals("<<") ? "!!merge" : null;
        return new Text(s, tag, style);
    }

    /** yaml.v3's {@code encodeBase64}: 70-character lines, each ending in a newline when there is more than one. */
    private static String base64Lines(byte[] data) {
        String in = Base64.getEncoder().encodeToString(data);
        int lines = in.length() / 70 + 1;
        if (lines == 1) {
            return in;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < in.length(); i += 70) {
            b.append(in, i, Math.min(in.length(), i + 70)).append('\n');
        }
        return b.toString();
    }

    private static Style select(Style requested, ScalarAnalysis a, boolean simpleKey) {
        Style style = requested;
        if (simpleKey && a.multiline()) {
            style = Style.DOUBLE;
        }
        if (style == Style.PLAIN && !a.blockPlainAllowed()) {
            style = Style.SINGLE;
        }
        if (style == Style.SINGLE && !a.singleQuotedAllowed()) {
            style = Style.DOUBLE;
        }
        if (style == Style.LITERAL && (!a.blockAllowed() || simpleKey)) {
            style = Style.DOUBLE;
        }
        return style;
    }

    private void scalar(Text t, int parentIndent, boolean seqItem, boolean simpleKey) {
        ScalarAnalysis a = ScalarAnalysis.of(t.value());
        // Node.Encode marshals the value on its own first, then the document encoder re-emits the parsed style.
        Style style = select(select(t.requested(), a, false), a, simpleKey);
        if (t.tag() != null) {
            out.writeTag(t.tag());
        }
        int indent = increaseIndent(parentIndent, true, seqItem);
        if (refuseUnreadable && style == Style.LITERAL && needsIndentIndicator(t.value())
                && indent != (parentIndent < 0 ? best : parentIndent + best)) {
            // yaml.v3 writes the indicator as the best indent but the text where its own (regular) indentation
            // puts it, which is not parent + indicator under a list: yaml.v3 cannot read that file back
            throw new FormatException("cannot write the YAML entry " + quote(key) + ": yaml.v3 writes a block starting with a space or line break inside a list in a"
                    + " form it cannot read back");
        }
        switch (style) {
            case PLAIN -> out.writePlain(t.value());
            case SINGLE -> out.writeSingle(t.value(), indent);
            case DOUBLE -> out.writeDouble(t.value());
            case LITERAL -> {
                out.writeLiteral(t.value(), indent, lineComment);
                lineComment = "";
            }
            default -> throw new IllegalStateException();
        }
    }

    /** libyaml adds an indentation indicator when the text starts with a space or a line break. */
    private static boolean needsIndentIndicator(String v) {
        return !v.isEmpty() && (v.charAt(0) == ' ' || ScalarAnalysis.isBreak(v.codePointAt(0)));
    }

    private void processLineComment() {
        if (lineComment.isEmpty()) {
            return;
        }
        String c = lineComment;
        lineComment = "";
        out.writeLineComment(c);
    }
}
