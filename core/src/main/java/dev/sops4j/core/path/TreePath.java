package dev.sops4j.core.path;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.TreePathException;
import java.util.ArrayList;
import java.util.List;

/**
 * A sops tree path as written after {@code --extract}, {@code set} and {@code unset}: {@code ["a"][0]['k']}.
 * Quoted components are mapping keys, bare ones sequence indices.
 */
public record TreePath(List<Component> components) {
    public TreePath {
        components = List.copyOf(components);
    }

    /** One step of a path. */
    public sealed interface Component permits Key, Index {
    }

    /** A mapping key. */
    public record Key(String name) implements Component {
        @Override
        public String toString() {
            return "[\"" + name + "\"]";
        }
    }

    /** A sequence index (zero-based). */
    public record Index(int index) implements Component {
        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /**
     * Parses {@code ["a"][0]['k']}. Whitespace around components is not allowed, as in sops; the empty string is
     * the root path.
     */
    public static TreePath parse(String text) {
        List<Component> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.charAt(i) != '[') {
                throw invalid(text, "expected '[' at position " + (i + 1));
            }
            int start = i + 1;
            if (start < n && (text.charAt(start) == '"' || text.charAt(start) == '\'')) {
                char quote = text.charAt(start);
                int close = text.indexOf(quote, start + 1);
                if (close < 0 || close + 1 >= n || text.charAt(close + 1) != ']') {
                    throw invalid(text, "unterminated key at position " + (start + 1));
                }
                out.add(new Key(text.substring(start + 1, close)));
                i = close + 2;
            } else {
                int close = text.indexOf(']', start);
                if (close < 0) {
                    throw invalid(text, "missing ']' at position " + (start + 1));
                }
                String digits = text.substring(start, close);
                if (!digits.matches("[0-9]+")) {
                    throw invalid(text, "component [" + digits + "] is neither a quoted key nor an index");
                }
                try {
                    out.add(new Index(Integer.parseInt(digits)));
                } catch (NumberFormatException e) {
                    throw invalid(text, "index " + digits + " is too large");
                }
                i = close + 1;
            }
        }
        return new TreePath(out);
    }

    public boolean isEmpty() {
        return components.isEmpty();
    }

    public Component last() {
        return components.get(components.size() - 1);
    }

    public TreePath parent() {
        return new TreePath(components.subList(0, components.size() - 1));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        components.forEach(sb::append);
        return sb.toString();
    }

    private static TreePathException invalid(String text, String why) {
        return new TreePathException(ExitCode.INVALID_TREE_PATH_FORMAT,
                "invalid tree path '" + text + "': " + why + " (expected e.g. [\"key\"][0])", null);
    }
}
