package dev.sops4j.core.store.yaml;

/**
 * libyaml's character-level emitter state as yaml.v3 runs it (column, "after whitespace", "in indentation", the
 * blank line after a foot comment) and the writers for each scalar style. Indentation decisions are the caller's.
 */
final class YamlOutput {
    private final StringBuilder out = new StringBuilder();
    private final int best;
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;
    private int footIndent = -1;

    YamlOutput(int bestIndent) {
        this.best = bestIndent;
    }

    String result() {
        return out.toString();
    }

    void resetFootIndent() {
        footIndent = -1;
    }

    /** A tag ahead of a scalar ({@code !!merge}, {@code !!binary}). */
    void writeTag(String tag) {
        if (!whitespace) {
            put(' ');
        }
        writeRaw(tag);
        whitespace = false;
        indention = false;
    }

    /** A comment on the line of what was just written. */
    void writeLineComment(String comment) {
        if (!whitespace) {
            put(' ');
        }
        writeComment(comment, 0);
    }

    void writePlain(String v) {
        if (!v.isEmpty() && !whitespace) {
            put(' ');
        }
        // The same as writing code point by code point: one column per code point.
        writeRaw(v);
        whitespace = false;
        indention = false;
    }

    void writeSingle(String v, int indent) {
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

    void writeDouble(String v) {
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

    /** A literal block; a pending line comment goes after its header, where yaml.v3 writes it. */
    void writeLiteral(String v, int indent, String lineComment) {
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
            writeLineComment(lineComment);
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

    void processHeadComment(String comment, int indent) {
        if (comment.isEmpty()) {
            return;
        }
        writeIndent(indent);
        writeComment(comment, indent);
    }

    void processFootComment(String comment, int indent) {
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

    void writeIndent(int indent) {
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

    void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace,
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
