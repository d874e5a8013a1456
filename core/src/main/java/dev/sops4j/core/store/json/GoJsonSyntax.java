package dev.sops4j.core.store.json;

import java.util.Optional;

/**
 * The first syntax error Go's {@code encoding/json} scanner reports for a document, worded as Go words it
 * ({@code invalid character 'h' looking for beginning of value}, {@code unexpected EOF}). sops prints these;
 * they name at most one character, never a token, so no secret from the file reaches a log. Used to word the
 * errors of the JSON parser, whose own messages quote the offending token.
 *
 * <p>Only the first value is scanned: sops reads a plaintext file token by token and ignores what follows it.
 * The scan keeps its own stack, so any depth is fine.
 */
final class GoJsonSyntax {
    private GoJsonSyntax() {
    }

    private static final int OBJECT = 1;
    private static final int ARRAY = 2;

    /** Empty when the first value is complete and well formed. */
    static Optional<String> firstError(byte[] in) {
        return Optional.ofNullable(new Scan(in).run());
    }

    private static final class Scan {
        private final byte[] in;
        private int pos;
        private byte[] stack = new byte[64];
        private int depth;

        Scan(byte[] in) {
            this.in = in;
        }

        private void push(int kind) {
            if (depth == stack.length) {
                stack = java.util.Arrays.copyOf(stack, depth * 2);
            }
            stack[depth++] = (byte) kind;
        }

        private void skipSpace() {
            while (pos < in.length && isSpace(in[pos])) {
                pos++;
            }
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        /** The byte at {@code pos}, or -1 at the end. */
        private int peek() {
            return pos < in.length ? in[pos] & 0xff : -1;
        }

        String run() {
            skipSpace();
            if (pos == in.length) {
                return "EOF";
            }
            while (true) {
                // A value is expected here.
                skipSpace();
                int c = peek();
                if (c < 0) {
                    return "unexpected EOF";
                }
                String error;
                if (c == '{') {
                    pos++;
                    push(OBJECT);
                    skipSpace();
                    if (peek() == '}') {
                        pos++;
                        depth--;
                        error = afterValue();
                    } else {
                        error = objectKey();
                        if (error == null) {
                            continue;
                        }
                    }
                } else if (c == '[') {
                    pos++;
                    push(ARRAY);
                    skipSpace();
                    if (peek() == ']') {
                        pos++;
                        depth--;
                        error = afterValue();
                    } else {
                        continue;
                    }
                } else {
                    error = scalar(c, "looking for beginning of value");
                    if (error == null) {
                        error = afterValue();
                    }
                }
                if (error == null) {
                    continue;
                }
                return error.isEmpty() ? null : error;
            }
        }

        /** After a complete value: "" when the document is done, null to read the next value, else the error. */
        private String afterValue() {
            while (true) {
                if (depth == 0) {
                    return "";
                }
                skipSpace();
                int c = peek();
                if (c < 0) {
                    return "unexpected EOF";
                }
                if (stack[depth - 1] == OBJECT) {
                    if (c == ',') {
                        pos++;
                        skipSpace();
                        return objectKey();
                    }
                    if (c == '}') {
                        pos++;
                        depth--;
                        continue;
                    }
                    return invalid(c, "after object key:value pair");
                }
                if (c == ',') {
                    pos++;
                    return null;
                }
                if (c == ']') {
                    pos++;
                    depth--;
                    continue;
                }
                return invalid(c, "after array element");
            }
        }

        /** At a key: the key string and its colon; null when a value is to be read next. */
        private String objectKey() {
            int c = peek();
            if (c < 0) {
                return "unexpected EOF";
            }
            if (c != '"') {
                return invalid(c, "looking for beginning of object key string");
            }
            String error = string();
            if (error != null) {
                return error;
            }
            skipSpace();
            c = peek();
            if (c < 0) {
                return "unexpected EOF";
            }
            if (c != ':') {
                return invalid(c, "after object key");
            }
            pos++;
            return null;
        }

        private String scalar(int c, String context) {
            if (c == '"') {
                return string();
            }
            if (c == '-' || isDigit(c)) {
                return number();
            }
            if (c == 't') {
                return literal("true");
            }
            if (c == 'f') {
                return literal("false");
            }
            if (c == 'n') {
                return literal("null");
            }
            return invalid(c, context);
        }

        private String string() {
            pos++;
            while (true) {
                int c = peek();
                if (c < 0) {
                    return "unexpected EOF";
                }
                pos++;
                if (c == '"') {
                    return null;
                }
                if (c < 0x20) {
                    return invalid(c, "in string literal");
                }
                if (c == '\\') {
                    int e = peek();
                    if (e < 0) {
                        return "unexpected EOF";
                    }
                    pos++;
                    if (e == 'u') {
                        for (int i = 0; i < 4; i++) {
                            int h = peek();
                            if (h < 0) {
                                return "unexpected EOF";
                            }
                            pos++;
                            if (!(isDigit(h) || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                                return invalid(h, "in \\u hexadecimal character escape");
                            }
                        }
                    } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                        return invalid(e, "in string escape code");
                    }
                }
            }
        }

        private String number() {
            if (peek() == '-') {
                pos++;
                int c = peek();
                if (c < 0) {
                    return "unexpected EOF";
                }
                if (!isDigit(c)) {
                    return invalid(c, "in numeric literal");
                }
            }
            if (peek() == '0') {
                pos++;
            } else {
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == '.') {
                pos++;
                int c = peek();
                if (c < 0) {
                    return "unexpected EOF";
                }
                if (!isDigit(c)) {
                    return invalid(c, "after decimal point in numeric literal");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                int c = peek();
                if (c < 0) {
                    return "unexpected EOF";
                }
                if (!isDigit(c)) {
                    return invalid(c, "in exponent of numeric literal");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            // A top-level number ends at the end of the input; Go's decoder then has it complete.
            return null;
        }

        private String literal(String word) {
            pos++;
            for (int i = 1; i < word.length(); i++) {
                int c = peek();
                if (c < 0) {
                    return "unexpected EOF";
                }
                if (c != word.charAt(i)) {
                    return invalid(c, "in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
                }
                pos++;
            }
            return null;
        }

        private static String invalid(int c, String context) {
            return "invalid character " + quoteChar(c) + " " + context;
        }
    }

    /** Go's {@code quoteChar}: the byte as a rune, quoted by strconv.Quote, in single quotes. */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String s = switch (c) {
            case 7 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 11 -> "\\v";
            case '\\' -> "\\\\";
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    yield String.format("\\x%02x", c);
                }
                if (c >= 0x80 && c <= 0xa0 || c == 0xad) {
                    yield String.format("\\u%04x", c);
                }
                yield String.valueOf((char) c);
            }
        };
        return "'" + s + "'";
    }
}
