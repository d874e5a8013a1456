package dev.sops4j.core.store.ini;

import dev.sops4j.core.store.flatten.ScalarText;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * What sops' INI store prints for {@code --extract} of a single value: Go's {@code json.Marshal} of it. A
 * mapping is a Go slice of tree items there, hence {@code [{"Key":…,"Value":…}]}.
 */
final class GoJson {
    private GoJson() {
    }

    static byte[] encode(Node value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void append(StringBuilder out, Node value) {
        if (value instanceof Mapping m) {
            out.append('[');
            boolean firstItem = true;
            for (Pair p : m.pairs()) {
                out.append(firstItem ? "" : ",").append("{\"Key\":");
                string(out, p.key());
                out.append(",\"Value\":");
                append(out, p.value());
                out.append('}');
                firstItem = false;
            }
            out.append(']');
        } else if (value instanceof Sequence s) {
            out.append('[');
            boolean firstItem = true;
            for (Element e : s.items()) {
                if (e instanceof Node n) {
                    out.append(firstItem ? "" : ",");
                    append(out, n);
                    firstItem = false;
                }
            }
            out.append(']');
        } else if (value instanceof StrValue s) {
            string(out, s.value());
        } else if (value instanceof BytesValue b) {
            string(out, new String(b.value(), StandardCharsets.UTF_8));
        } else if (value instanceof IntValue || value instanceof BoolValue) {
            out.append(ScalarText.of((dev.sops4j.core.tree.Scalar) value));
        } else if (value instanceof FloatValue f) {
            out.append(goJsonFloat(f.value()));
        } else if (value instanceof TimeValue t) {
            string(out, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.value()).replace("+00:00", "Z"));
        } else {
            out.append("null");
        }
    }

    /** Go's JSON float: plain digits between 1e-6 and 1e21, exponent form outside. */
    private static String goJsonFloat(double v) {
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = Double.toString(v).replace("E", "e");
            int e = s.indexOf('e');
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            String exp = s.substring(e + 1);
            String sign = exp.startsWith("-") ? "-" : "+";
            exp = exp.replace("-", "");
            return mantissa + "e" + sign + (exp.length() < 2 ? "0" + exp : exp);
        }
        return ScalarText.goFloat(v);
    }

    /** Go's string escaping, including its HTML-safe escapes of {@code < > &} and U+2028/U+2029. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
