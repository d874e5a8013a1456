package dev.sops4j.core.store.ini;

import dev.sops4j.core.error.InputException;
import dev.sops4j.core.store.ini.IniSection.IniKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads INI text the way gopkg.in/ini.v1 does with sops' options (non-unique sections allowed, everything else
 * default): keys before any header go to an implicit {@code DEFAULT} section; {@code ;}/{@code #} lines are gathered
 * and attached to the next section or key; {@code =} and {@code :} both separate key from value; values are
 * trimmed, lose an inline comment, one pair of surrounding quotes and may be {@code `…`} or {@code """…"""}
 * quoted (multi-line) or continued with a trailing backslash.
 */
final class IniParser {
    static final String DEFAULT_SECTION = "DEFAULT";
    private static final String DELIMITERS = "=:";

    private final String text;
    private int pos;
    private boolean eof;
    private final StringBuilder comment = new StringBuilder();

    private IniParser(String text) {
        this.text = text;
    }

    static List<IniSection> parse(byte[] input) {
        return new IniParser(new String(input, skipBom(input), input.length - skipBom(input), StandardCharsets.UTF_8))
                .run();
    }

    private static int skipBom(byte[] in) {
        if (in.length >= 2 && ((in[0] == (byte) 0xFE && in[1] == (byte) 0xFF) || (in[0] == (byte) 0xFF && in[1] == (byte) 0xFE))) {
            return 2;
        }
        if (in.length >= 3 && in[0] == (byte) 0xEF && in[1] == (byte) 0xBB && in[2] == (byte) 0xBF) {
            return 3;
        }
        return 0;
    }

    /** The next line including its {@code \n}; sets {@link #eof} when the text ends without one. */
    /** The number of the line readLine returned last (1-based). */
    private int lineNo;

    private String readLine() {
        lineNo++;
        int nl = text.indexOf('\n', pos);
        String line;
        if (nl < 0) {
            line = text.substring(pos);
            pos = text.length();
            eof = true;
        } else {
            line = text.substring(pos, nl + 1);
            pos = nl + 1;
        }
        return line;
    }

    private List<IniSection> run() {
        List<IniSection> sections = new ArrayList<>();
        IniSection section = new IniSection(DEFAULT_SECTION);
        sections.add(section);
        int autoCount = 1;
        while (!eof) {
            String line = GoText.trimLeft(readLine());
            if (line.isEmpty()) {
                continue;
            }
            char first = line.charAt(0);
            if (first == '#' || first == ';') {
                // the line break is kept: it separates this comment line from the next one
                comment.append(line);
                continue;
            }
            if (first == '[') {
                int close = line.lastIndexOf(']');
                if (close < 0) {
                    throw error("unclosed section: line " + lineNo);
                }
                String name = line.substring(1, close);
                if (name.isEmpty()) {
                    throw error("empty section name");
                }
                section = new IniSection(name);
                sections.add(section);
                int c = GoText.indexAny(line.substring(close + 1), "#;");
                if (c >= 0) {
                    comment.append(line.substring(close + 1 + c));
                }
                section.comment = GoText.trimSpace(comment.toString());
                comment.setLength(0);
                autoCount = 1;
                continue;
            }
            String[] keyAndRest = readKeyName(line);
            String name = keyAndRest[0];
            if (name.equals("-")) {
                name = "#" + autoCount++;
            }
            String value = readValue(keyAndRest[1]);
            if (name.isEmpty()) {
                throw error("error creating new key: empty key name");
            }
            IniKey key = section.newKey(name, value);
            key.comment = GoText.trimSpace(comment.toString());
            comment.setLength(0);
        }
        return sections;
    }

    /** Returns {key name, text after the delimiter}. */
    private String[] readKeyName(String line) {
        String quote = "";
        if (line.charAt(0) == '"') {
            quote = line.length() > 6 && line.startsWith("\"\"\"") ? "\"\"\"" : "\"";
        } else if (line.charAt(0) == '`') {
            quote = "`";
        }
        if (!quote.isEmpty()) {
            int start = quote.length();
            int close = line.indexOf(quote, start);
            if (close < 0) {
                throw error("missing closing key quote: line " + lineNo);
            }
            int d = GoText.indexAny(line.substring(close + start), DELIMITERS);
            if (d < 0) {
                throw error("key-value delimiter not found: line " + lineNo);
            }
            int end = close + d;
            return new String[] {GoText.trimSpace(line.substring(start, close)), line.substring(end + start + 1)};
        }
        int end = GoText.indexAny(line, DELIMITERS);
        if (end < 0) {
            throw error("key-value delimiter not found: line " + lineNo);
        }
        return new String[] {GoText.trimSpace(line.substring(0, end)), line.substring(end + 1)};
    }

    private String readValue(String in) {
        String line = GoText.trimLeft(in);
        if (line.isEmpty()) {
            return "";
        }
        String quote = "";
        if (line.length() > 3 && line.startsWith("\"\"\"")) {
            quote = "\"\"\"";
        } else if (line.charAt(0) == '`') {
            quote = "`";
        }
        if (!quote.isEmpty()) {
            int start = quote.length();
            int close = line.substring(start).lastIndexOf(quote);
            if (close < 0) {
                return readMultiline(line.substring(start), quote);
            }
            return line.substring(start, close + start);
        }
        line = GoText.trimSpace(line);
        if (line.charAt(line.length() - 1) == '\\') {
            return readContinuation(line.substring(0, line.length() - 1));
        }
        int c = GoText.indexAny(line, "#;");
        if (c >= 0) {
            comment.append(line.substring(c));
            line = GoText.trimSpace(line.substring(0, c));
        }
        if (surroundedBy(line, '\'') || surroundedBy(line, '"')) {
            line = line.substring(1, line.length() - 1);
        }
        return line;
    }

    private String readMultiline(String firstPart, String quote) {
        StringBuilder value = new StringBuilder(firstPart);
        while (true) {
            String next = readLine();
            int close = next.lastIndexOf(quote);
            if (close >= 0) {
                value.append(next, 0, close);
                int c = GoText.indexAny(next.substring(close), "#;");
                if (c >= 0) {
                    comment.append(GoText.trimSpace(next.substring(close + c)));
                }
                return value.toString();
            }
            value.append(next);
            if (eof) {
                throw error("missing closing quote " + quote + " of a multi-line value");
            }
        }
    }

    private String readContinuation(String start) {
        StringBuilder value = new StringBuilder(start);
        while (true) {
            String next = GoText.trimSpace(readLine());
            if (next.isEmpty()) {
                return value.toString();
            }
            value.append(next);
            if (value.charAt(value.length() - 1) != '\\') {
                return value.toString();
            }
            value.setLength(value.length() - 1);
        }
    }

    /** go-ini's {@code hasSurroundedQuote}: quoted at both ends and nowhere else. */
    private static boolean surroundedBy(String s, char q) {
        return s.length() >= 2 && s.charAt(0) == q && s.charAt(s.length() - 1) == q
                && s.indexOf(q, 1) == s.length() - 1;
    }

    /**
     * go-ini's messages quote the offending line, which may hold a secret; sops4j names the line's number instead
     * (as for dotenv), keeping go-ini's wording otherwise.
     */
    private static InputException error(String message) {
        return new InputException("Could not unmarshal input data: " + message);
    }
}
