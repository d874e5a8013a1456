package dev.sops4j.core.store.json;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.text.AsciiScan;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a tree as sops' JSON store does: every scalar as Go's {@code json.Marshal} would (HTML-safe escaping,
 * ES6-style floats), then laid out like {@code json.Indent} (tab or N spaces, {@code ": "}, empty containers
 * compact). Comments have no JSON form and are dropped.
 */
final class GoJsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** A string longer than this reserves its room in the output at once. */
    private static final int LARGE = 1 << 16;

    private final String indent;
    private final byte[] indentBytes;
    private byte[] indentRun = new byte[0];
    private final Sink out = new Sink();

    /** The output buffer, which can hand out its bytes with a final newline in one copy (a document is megabytes). */
    private static final class Sink extends ByteArrayOutputStream {
        /**
         * Room for {@code more} bytes and what usually follows them (the sops metadata) in one step: a 27 MB value
         * would otherwise grow the buffer by doublings, the last one to 54 MB.
         */
        void reserve(int more) {
            if (buf.length - count < more) {
                buf = Arrays.copyOf(buf, count + more + (1 << 16));
            }
        }

        byte[] withNewline() {
            byte[] all = Arrays.copyOf(buf, count + 1);
            all[count] = '\n';
            return all;
        }
    }

    /** {@code indent} -1 is a tab, N >= 0 is N spaces. */
    GoJsonWriter(int indent) {
        if (indent < -1) {
            throw new FormatException("JSON Indentation parameter smaller than -1 is not accepted");
        }
        this.indent = indent == -1 ? "\t" : " ".repeat(indent);
        this.indentBytes = this.indent.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] write(Node node) {
        node(node, 0);
        return out.toByteArray();
    }

    /** A document as the store writes it: the node, then a newline. */
    byte[] writeLine(Node node) {
        node(node, 0);
        return out.withNewline();
    }

    private void node(Node n, int depth) {
        if ((n instanceof Mapping || n instanceof Sequence) && depth >= JsonStore.MAX_DEPTH) {
            throw JsonStore.tooDeep(n instanceof Mapping ? '{' : '[');
        }
        if (n instanceof Mapping m) {
            List<Pair> pairs = m.pairs();
            if (pairs.isEmpty()) {
                ascii("{}");
                return;
            }
            ascii("{");
            for (int i = 0; i < pairs.size(); i++) {
                newline(depth + 1);
                string(pairs.get(i).key().getBytes(StandardCharsets.UTF_8));
                ascii(": ");
                node(pairs.get(i).value(), depth + 1);
                if (i < pairs.size() - 1) {
                    ascii(",");
                }
            }
            newline(depth);
            ascii("}");
        } else if (n instanceof Sequence s) {
            List<Node> items = new ArrayList<>();
            for (Element e : s.items()) {
                if (!(e instanceof Comment)) {
                    items.add((Node) e);
                }
            }
            if (items.isEmpty()) {
                ascii("[]");
                return;
            }
            ascii("[");
            for (int i = 0; i < items.size(); i++) {
                newline(depth + 1);
                node(items.get(i), depth + 1);
                if (i < items.size() - 1) {
                    ascii(",");
                }
            }
            newline(depth);
            ascii("]");
        } else {
            scalar(n);
        }
    }

    private void scalar(Node n) {
        if (n instanceof StrValue s) {
            if (s.value().length() > LARGE) {
                largeString(s.value());
            } else {
                string(s.value().getBytes(StandardCharsets.UTF_8));
            }
        } else if (n instanceof BytesValue b) {
            // A Go string holding raw bytes: invalid UTF-8 sequences come out as U+FFFD.
            string(b.shared()); // read only
        } else if (n instanceof IntValue i) {
            ascii(Long.toString(i.value()));
        } else if (n instanceof FloatValue f) {
            ascii(formatFloat(f.value()));
        } else if (n instanceof BoolValue b) {
            ascii(b.value() ? "true" : "false");
        } else if (n instanceof NullValue) {
            ascii("null");
        } else if (n instanceof TimeValue t) {
            string(GoFormat.formatTime(t.value()).getBytes(StandardCharsets.US_ASCII));
        } else {
            throw new FormatException("cannot write " + n.getClass().getSimpleName() + " as JSON");
        }
    }

    /** A newline and {@code depth} indents, written in runs (deep trees indent by megabytes). */
    private void newline(int depth) {
        out.write('\n');
        if (indentRun.length < depth * indentBytes.length) {
            indentRun = indent.repeat(Math.max(depth, 2 * indentRun.length / Math.max(1, indentBytes.length)))
                    .getBytes(StandardCharsets.US_ASCII);
        }
        out.write(indentRun, 0, depth * indentBytes.length);
    }

    private void ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A long string (a binary file's 27 MB {@code ENC[...]} value) converted to UTF-8 a slice at a time: the same
     * bytes as {@link #string} of the whole, without a second copy of it. A slice never ends between the two
     * halves of a surrogate pair.
     */
    private void largeString(String s) {
        out.reserve(s.length() + 2);
        out.write('"');
        for (int from = 0; from < s.length(); ) {
            int to = Math.min(s.length(), from + LARGE);
            if (to < s.length() && Character.isHighSurrogate(s.charAt(to - 1))) {
                to--;
            }
            body(s.substring(from, to).getBytes(StandardCharsets.UTF_8));
            from = to;
        }
        out.write('"');
    }

    /** Go's encodeState.string with escapeHTML: short escapes for \b \f \n \r \t, \\u00XX for other controls. */
    private void string(byte[] s) {
        if (s.length > LARGE) {
            out.reserve(s.length + 2);
        }
        out.write('"');
        body(s);
        out.write('"');
    }

    private void body(byte[] s) {
        int i = 0;
        while (i < s.length) {
            // A run of bytes written as they are (printable ASCII but the quote, the backslash and Go's HTML
            // escapes) goes out in one call: a 20 MB binary value is one run.
            int end = AsciiScan.firstJsonSpecial(s, i, s.length, true);
            if (end > i) {
                out.write(s, i, end - i);
                i = end;
                continue;
            }
            int b = s[i] & 0xFF;
            if (b < 0x80) {
                out.write('\\');
                switch (b) {
                    case '"', '\\' -> out.write(b);
                    case '\b' -> out.write('b');
                    case '\f' -> out.write('f');
                    case '\n' -> out.write('n');
                    case '\r' -> out.write('r');
                    case '\t' -> out.write('t');
                    default -> {
                        ascii("u00");
                        out.write(HEX[b >> 4]);
                        out.write(HEX[b & 0xF]);
                    }
                }
                i++;
                continue;
            }
            int size = utf8Length(s, i);
            if (size == 0) {
                ascii("\\ufffd");
                i++;
                continue;
            }
            int cp = codePoint(s, i, size);
            if (cp == 0x2028 || cp == 0x2029) {
                ascii("\\u202");
                out.write(HEX[cp & 0xF]);
            } else {
                out.write(s, i, size);
            }
            i += size;
        }
    }

    /** Go's decoder turns invalid UTF-8 into U+FFFD; Jackson would reject it, so repair the input first. */
    static byte[] replaceInvalidUtf8(byte[] in) {
        int i = AsciiScan.firstNonAscii(in, 0, in.length);
        while (i < in.length) {
            int n = utf8Length(in, i);
            if (n == 0) {
                break;
            }
            i = AsciiScan.firstNonAscii(in, i + n, in.length);
        }
        if (i == in.length) {
            return in;
        }
        ByteArrayOutputStream fixed = new ByteArrayOutputStream(in.length + 16);
        fixed.write(in, 0, i);
        while (i < in.length) {
            int n = in[i] >= 0 ? 1 : utf8Length(in, i);
            if (n == 0) {
                fixed.write(0xEF);
                fixed.write(0xBF);
                fixed.write(0xBD);
                i++;
            } else {
                fixed.write(in, i, n);
                i += n;
            }
        }
        return fixed.toByteArray();
    }

    /** Length of the valid UTF-8 sequence at {@code i}, or 0 when it is invalid (Go's RuneError, size 1). */
    static int utf8Length(byte[] s, int i) {
        int b0 = s[i] & 0xFF;
        int n;
        int min;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > s.length) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        int cp = codePoint(s, i, n);
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return n;
    }

    private static int codePoint(byte[] s, int i, int n) {
        int cp = (s[i] & 0xFF) & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        return cp;
    }

    /** Go's floatEncoder: 'f' for 1e-6 <= |x| < 1e21, else 'e' with a one-digit negative exponent cleanup. */
    static String formatFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new FormatException("json: unsupported value: " + GoFormat.formatFloatG(d));
        }
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            return GoFormat.formatFloatF(d);
        }
        BigDecimal s = GoFormat.shortest(d);
        String digits = s.unscaledValue().abs().toString();
        int exp = s.precision() - s.scale() - 1;
        StringBuilder b = new StringBuilder();
        if (d < 0) {
            b.append('-');
        }
        b.append(digits.charAt(0));
        if (digits.length() > 1) {
            b.append('.').append(digits, 1, digits.length());
        }
        b.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10 && exp >= 0) {
            b.append('0');
        }
        return b.append(e).toString();
    }
}
