package dev.sops4j.core.store.yaml;

/**
 * libyaml's {@code yaml_emitter_analyze_scalar} as yaml.v3 runs it (unicode output allowed): which presentation
 * styles can carry a string without changing it.
 */
record ScalarAnalysis(boolean multiline, boolean flowPlainAllowed, boolean blockPlainAllowed,
        boolean singleQuotedAllowed, boolean blockAllowed) {

    static ScalarAnalysis of(String value) {
        ScalarAnalysis quick = ofVisibleAscii(value);
        return quick != null ? quick : ofAny(value);
    }

    /**
     * The general analysis reduced to strings of visible ASCII (no space, break or control character), the bulk
     * of big files and every ENC[...] value: only indicators can matter, a character is preceded by whitespace
     * only at the start and followed by it only at the end. Returns null for any other string.
     */
    static ScalarAnalysis ofVisibleAscii(String value) {
        int n = value.length();
        if (n == 0) {
            return null;
        }
        boolean flowIndicators = false;
        boolean blockIndicators = false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return null;
            }
            boolean last = i == n - 1;
            if (i == 0) {
                switch (c) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                        flowIndicators = true;
                        blockIndicators = true;
                    }
                    case '?', ':' -> {
                        flowIndicators = true;
                        blockIndicators |= last;
                    }
                    case '-' -> {
                        flowIndicators |= last;
                        blockIndicators |= last;
                    }
                    default -> {
                    }
                }
            } else {
                switch (c) {
                    case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
                    case ':' -> {
                        flowIndicators = true;
                        blockIndicators |= last;
                    }
                    default -> {
                    }
                }
            }
        }
        if (value.startsWith("---") || value.startsWith("...")) {
            flowIndicators = true;
            blockIndicators = true;
        }
        return new ScalarAnalysis(false, !flowIndicators, !blockIndicators, true, true);
    }

    /** libyaml's analysis for any string. */
    static ScalarAnalysis ofAny(String value) {
        if (value.isEmpty()) {
            return new ScalarAnalysis(false, false, true, true, false);
        }
        int[] cps = codePoints(value);
        int n = cps.length;
        boolean blockIndicators = false;
        boolean flowIndicators = false;
        boolean lineBreaks = false;
        boolean specialCharacters = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;

        if (value.startsWith("---") || value.startsWith("...")) {
            blockIndicators = true;
            flowIndicators = true;
        }
        boolean precededByWhitespace = true;
        boolean followedByWhitespace = isBlankz(cps, 1);
        for (int i = 0; i < n; i++) {
            int c = cps[i];
            if (i == 0) {
                switch (c) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                        flowIndicators = true;
                        blockIndicators = true;
                    }
                    case '?', ':' -> {
                        flowIndicators = true;
                        if (followedByWhitespace) {
                            blockIndicators = true;
                        }
                    }
                    case '-' -> {
                        if (followedByWhitespace) {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                    }
                    default -> {
                    }
                }
            } else {
                switch (c) {
                    case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
                    case ':' -> {
                        flowIndicators = true;
                        if (followedByWhitespace) {
                            blockIndicators = true;
                        }
                    }
                    case '#' -> {
                        if (precededByWhitespace) {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!isPrintable(c)) {
                specialCharacters = true;
            }
            if (isBreak(c)) {
                lineBreaks = true;
            }
            if (c == ' ') {
                if (i == 0) {
                    leadingSpace = true;
                }
                if (i == n - 1) {
                    trailingSpace = true;
                }
                if (previousBreak) {
                    breakSpace = true;
                }
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                if (i == 0) {
                    leadingBreak = true;
                }
                if (i == n - 1) {
                    trailingBreak = true;
                }
                if (previousSpace) {
                    spaceBreak = true;
                }
                previousBreak = true;
                previousSpace = false;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isBlankz(cps, i);
            followedByWhitespace = isBlankz(cps, i + 2);
        }

        boolean flowPlain = true;
        boolean blockPlain = true;
        boolean singleQuoted = true;
        boolean block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            flowPlain = false;
            blockPlain = false;
        }
        if (trailingSpace) {
            block = false;
        }
        if (breakSpace) {
            flowPlain = false;
            blockPlain = false;
            singleQuoted = false;
        }
        if (spaceBreak || specialCharacters) {
            flowPlain = false;
            blockPlain = false;
            singleQuoted = false;
            block = false;
        }
        if (lineBreaks) {
            flowPlain = false;
            blockPlain = false;
        }
        if (flowIndicators) {
            flowPlain = false;
        }
        if (blockIndicators) {
            blockPlain = false;
        }
        return new ScalarAnalysis(lineBreaks, flowPlain, blockPlain, singleQuoted, block);
    }

    /** Like {@code codePoints().toArray()} without the stream machinery, which showed in profiles of big files. */
    private static int[] codePoints(String value) {
        int len = value.length();
        int[] cps = new int[len];
        int n = 0;
        for (int i = 0; i < len; ) {
            int c = value.codePointAt(i);
            cps[n++] = c;
            i += Character.charCount(c);
        }
        return n == len ? cps : java.util.Arrays.copyOf(cps, n);
    }

    /** libyaml's printable set: LF, ASCII graphics and space, and the BMP minus surrogates, BOM and FFFE/FFFF. */
    static boolean isPrintable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** Blank, break or past the end (libyaml reads a NUL there). */
    private static boolean isBlankz(int[] cps, int i) {
        if (i >= cps.length) {
            return true;
        }
        int c = cps[i];
        return c == ' ' || c == '\t' || isBreak(c) || c == 0;
    }
}
