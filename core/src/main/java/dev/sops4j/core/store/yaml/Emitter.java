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
    private final StringBuilder out = new StringBuilder();
    private final int best;
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;
    private int footIndent = -1;
    /** yaml.v3's pending line comment: a literal block scalar writes it after its header. */
    private String lineComment = "";

    private enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

    private record Text(String value, String tag, Style requested) {
    }

    Emitter(int bestIndent) {
        this.best = bestIndent;
    }

    String result() {
        return out.toString();
    }

    /** One YAML document whose root is a mapping; documents after the first start with {@code ---}. */
    void document(Mapping root, boolean first) {
        if (!first) {
            writeIndent(0);
            writeIndicator("---", true, false, false);
        }
        mapping(root, -1, false);
        endDocument();
    }

    /** A document whose root is any node ({@code --extract} of a non-mapping value). */
    void valueDocument(Node root) {
        node(root, -1, false);
        processLineComment();
        endDocument();
    }

    private void endDocument() {
        footIndent = -1;
        writeIndent(0);
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
                processHeadComment(String.join("\n", head), indent);
                pair(p, indent, String.join("\n", line));
                head.clear();
                line.clear();
                any = true;
            }
        }
        if (!any) {
            emptyFlow("{", "}", commentsInOrder(m.entries()), parentIndent);
            return;
        }
        processFootComment(commentsInOrder(trailing(m.entries())), indent);
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
            processHeadComment(String.join("\n", head), indent);
            writeIndent(indent);
            writeIndicator("-", true, false, true);
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
            emptyFlow("[", "]", commentsInOrder(s.items()), parentIndent);
            return;
        }
        processFootComment(commentsInOrder(trailing(s.items())), indent);
    }

    /** An empty block is written in flow style; its comments (if any) go before it. */
    private void emptyFlow(String open, String close, String comments, int parentIndent) {
        if (!comments.isEmpty()) {
            processHeadComment(comments, Math.max(parentIndent, 0));
        }
        writeIndicator(open, true, true, false);
        writeIndicator(close, false, false, false);
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
        writeIndent(indent);
        Text key = stringText(p.key());
        ScalarAnalysis a = ScalarAnalysis.of(key.value());
        int length = key.value().length() + (key.tag() == null ? 0 : key.tag().length());
        boolean simple = !a.multiline() && length <= 128;
        if (simple) {
            scalar(key, indent, false, true);
            writeIndicator(":", false, false, false);
        } else {
            writeIndicator("?", true, false, true);
            scalar(key, indent, false, false);
            writeIndent(indent);
            writeIndicator(":", true, false, true);
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
            if (!whitespace) {
                put(' ');
            }
            writeRaw(t.tag());
            whitespace = false;
            indention = false;
        }
        int indent = increaseIndent(parentIndent, true, seqItem);
        switch (style) {
            case PLAIN -> writePlain(t.value());
            case SINGLE -> writeSingle(t.value(), indent);
            case DOUBLE -> writeDouble(t.value());
            case LITERAL -> writeLiteral(t.value(), indent);
            default -> throw new IllegalStateException();
        }
    }

    private void writePlain(String v) {
        if (!v.isEmpty() && !whitespace) {
            put(' ');
        }
        v.codePoints().forEach(this::write);
        whitespace = false;
        indention = false;
    }

    private void writeSingle(String v, int indent) {
        writeIndicator("'", true, false, false);
        boolean breaks = false;
        int[] cps = v.codePoints().toArray();
        for (int c : cps) {
            if (ScalarAnalysis.isBreak(c)) {
                if (!breaks && c == '\n') {
                    putBreak();
                }
                writeBreak(c);
                indention = true;
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent(indent);
                }
                if (c == '\'') {
                    put('\'');
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
        if (breaks) {
            writeIndent(indent);
        }
        writeIndicator("'", false, false, false);
        whitespace = false;
        indention = false;
    }

    private void writeDouble(String v) {
        writeIndicator("\"", true, false, false);
        v.codePoints().forEach(c -> {
            if (!ScalarAnalysis.isPrintable(c) || ScalarAnalysis.isBreak(c) || c == '"' || c == '\\') {
                put('\\');
                switch (c) {
                    case 0x00 -> put('0');
                    case 0x07 -> put('a');
                    case 0x08 -> put('b');
                    case 0x09 -> put('t');
                    case 0x0A -> put('n');
                    case 0x0B -> put('v');
                    case 0x0C -> put('f');
                    case 0x0D -> put('r');
                    case 0x1B -> put('e');
                    case 0x22 -> put('"');
                    case 0x5C -> put('\\');
                    case 0x85 -> put('N');
                    case 0xA0 -> put('_');
                    case 0x2028 -> put('L');
                    case 0x2029 -> put('P');
                    default -> {
                        if (c <= 0xFF) {
                            writeRaw(String.format("x%02X", c));
                        } else if (c <= 0xFFFF) {
                            writeRaw(String.format("u%04X", c));
                        } else {
                            writeRaw(String.format("U%08X", c));
                        }
                    }
                }
            } else {
                write(c);
            }
        });
        writeIndicator("\"", false, false, false);
        whitespace = false;
        indention = false;
    }

    private void writeLiteral(String v, int indent) {
        writeIndicator("|", true, false, false);
        int[] cps = v.codePoints().toArray();
        if (cps.length > 0 && (cps[0] == ' ' || ScalarAnalysis.isBreak(cps[0]))) {
            writeIndicator(Integer.toString(best), false, false, false);
        }
        String chomp = null;
        if (cps.length == 0 || !ScalarAnalysis.isBreak(cps[cps.length - 1])) {
            chomp = "-";
        } else if (cps.length == 1 || ScalarAnalysis.isBreak(cps[cps.length - 2])) {
            chomp = "+";
        }
        if (chomp != null) {
            writeIndicator(chomp, false, false, false);
        }
        if (lineComment.isEmpty()) {
            putBreak();
        } else {
            processLineComment();
        }
        whitespace = true;
        boolean breaks = true;
        for (int c : cps) {
            if (ScalarAnalysis.isBreak(c)) {
                writeBreak(c);
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent(indent);
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
    }

    // ---- comments ----

    private void processHeadComment(String comment, int indent) {
        if (comment.isEmpty()) {
            return;
        }
        writeIndent(indent);
        writeComment(comment, indent);
    }

    private void processLineComment() {
        if (lineComment.isEmpty()) {
            return;
        }
        if (!whitespace) {
            put(' ');
        }
        String c = lineComment;
        lineComment = "";
        writeComment(c, 0);
    }

    private void processFootComment(String comment, int indent) {
        if (comment.isEmpty()) {
            return;
        }
        writeIndent(indent);
        writeComment(comment, indent);
        footIndent = Math.max(indent, 0);
    }

    private void writeComment(String comment, int indent) {
        boolean breaks = false;
        boolean pound = false;
        int[] cps = comment.codePoints().toArray();
        for (int c : cps) {
            if (ScalarAnalysis.isBreak(c)) {
                writeBreak(c);
                breaks = true;
                pound = false;
            } else {
                if (breaks) {
                    writeIndent(indent);
                }
                if (!pound) {
                    if (c != '#') {
                        put('#');
                        put(' ');
                    }
                    pound = true;
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
        if (!breaks) {
            putBreak();
        }
        whitespace = true;
    }

    // ---- low-level writer (libyaml's column/whitespace/indention bookkeeping) ----

    private void writeIndent(int indent) {
        int ind = Math.max(indent, 0);
        if (!indention || column > ind || (column == ind && !whitespace)) {
            putBreak();
        }
        if (footIndent == ind) {
            putBreak();
        }
        while (column < ind) {
            put(' ');
        }
        whitespace = true;
        footIndent = -1;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace,
            boolean isIndention) {
        if (needWhitespace && !whitespace) {
            put(' ');
        }
        writeRaw(indicator);
        whitespace = isWhitespace;
        indention = indention && isIndention;
    }

    private void writeBreak(int c) {
        if (c == '\n') {
            putBreak();
        } else {
            out.appendCodePoint(c);
            column = 0;
            indention = true;
        }
    }

    private void putBreak() {
        out.append('\n');
        column = 0;
        indention = true;
    }

    private void put(char c) {
        out.append(c);
        column++;
    }

    private void write(int codePoint) {
        out.appendCodePoint(codePoint);
        column++;
    }

    private void writeRaw(String s) {
        out.append(s);
        column += s.codePointCount(0, s.length());
    }
}
