package dev.sops4j.core.store.ini;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.store.flatten.ScalarText;
import dev.sops4j.core.store.ini.IniSection.IniKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes sections exactly as gopkg.in/ini.v1's pretty writer does: comment lines re-marked with {@code ; },
 * {@code key = value} with the {@code =} aligned on the longest key of the section (byte lengths), values that
 * would not read back quoted, and a blank line between sections. An empty leading {@code DEFAULT} section writes
 * nothing; a non-empty one writes its keys without a header.
 */
final class IniWriter {
    private IniWriter() {
    }

    static byte[] write(List<IniSection> sections) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            IniSection sec = sections.get(i);
            if (!sec.comment.isEmpty()) {
                for (String line : sec.comment.split("\n", -1)) {
                    out.append(remark(line, false)).append('\n');
                }
            }
            if (i > 0 || !sec.name.toUpperCase(java.util.Locale.ROOT).equals(IniParser.DEFAULT_SECTION)) {
                out.append('[').append(sec.name).append("]\n");
            } else if (sec.keys.isEmpty()) {
                continue;
            }
            int align = 0;
            for (IniKey k : sec.keys) {
                int len = utf8Length(k.name);
                if (k.name.contains("\"") || GoText.containsAny(k.name, "=:")) {
                    len += 2;
                } else if (k.name.contains("`")) {
                    len += 6;
                }
                align = Math.max(align, len);
            }
            for (IniKey k : sec.keys) {
                if (!k.comment.isEmpty()) {
                    for (String line : k.comment.split("\n", -1)) {
                        out.append(remark(line, true)).append('\n');
                    }
                }
                String name = k.name;
                if (name.contains("\"") || GoText.containsAny(name, "=:")) {
                    name = "`" + name + "`";
                } else if (name.contains("`")) {
                    name = "\"\"\"" + name + "\"\"\"";
                }
                out.append(name).append(" ".repeat(Math.max(0, align - utf8Length(name))));
                out.append(" = ").append(quoteValue(k.name, k.value)).append('\n');
            }
            if (i < sections.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A comment line as go-ini writes it: own marker kept and followed by one space, else {@code "; "} added. */
    private static String remark(String line, boolean trimUnmarked) {
        if (line.isEmpty()) {
            // go-ini indexes line[0] and would crash here; one marker is the closest harmless output
            return ";";
        }
        char c = line.charAt(0);
        if (c != '#' && c != ';') {
            return "; " + (trimUnmarked ? GoText.trimSpace(line) : line);
        }
        return c + " " + GoText.trimSpace(line.substring(1));
    }

    private static String quoteValue(String key, String value) {
        if (GoText.containsAny(value, "\n`")) {
            return "\"\"\"" + value + "\"\"\"";
        }
        if (GoText.containsAny(value, "#;")) {
            return "`" + value + "`";
        }
        if (GoText.trimSpace(value).length() != value.length()) {
            return "\"" + value + "\"";
        }
        if (wrappedIn(value, '"') || wrappedIn(value, '\'')) {
            // go-ini writes it bare and strips the pair when reading it back: refuse rather than change the value
            throw new FormatException("cannot write the value of ini key " + ScalarText.goQuote(key)
                    + ": a value wrapped in quotes would read back without them");
        }
        return value;
    }

    private static boolean wrappedIn(String value, char quote) {
        return value.length() >= 2 && value.charAt(0) == quote && value.indexOf(quote, 1) == value.length() - 1;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
