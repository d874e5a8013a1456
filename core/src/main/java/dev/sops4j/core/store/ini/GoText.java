package dev.sops4j.core.store.ini;

/** The few Go string functions whose exact definition of "space" the INI format depends on. */
final class GoText {
    private GoText() {
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int c) {
        switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0:
                return true;
            default:
                return c > 0xFF && Character.isSpaceChar(c);
        }
    }

    static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String trimSpace(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return trimLeft(s.substring(0, end));
    }

    /** Index of the first char of {@code s} that is one of {@code chars}, or -1 ({@code strings.IndexAny}). */
    static int indexAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    static boolean containsAny(String s, String chars) {
        return indexAny(s, chars) >= 0;
    }

    /** {@code strings.TrimLeft(s, cutset)}. */
    static String trimLeftChars(String s, String cutset) {
        int i = 0;
        while (i < s.length() && cutset.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }
}
