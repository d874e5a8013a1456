package dev.sops4j.cli.command.git;

import dev.sops4j.core.config.CreationRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.sops4j.core.text.GoRegex;

/**
 * .gitattributes patterns for .sops.yaml creation rules. A {@code path_regex} that is a plain path (anchored at
 * both ends) becomes that path; one ending in a literal ({@code \.enc\.yaml$}) becomes {@code *} plus that literal
 * (equal for suffix rules, broader for the rest); anything else becomes {@code *}. Broader is safe: the drivers
 * pass files that are not sops files through untouched.
 */
final class Attributes {
    static final String ATTRS = "diff=sops4j merge=sops4j";
    static final String HEADER = "# sops4j git setup: encrypted files diff and merge by key path";

    private Attributes() {
    }

    /** One line per distinct pattern, in rule order. */
    static List<String> lines(List<CreationRule> rules) {
        Set<String> globs = new LinkedHashSet<>();
        for (CreationRule r : rules) {
            globs.add(glob(r.pathRegex()));
        }
        List<String> out = new ArrayList<>();
        globs.forEach(g -> out.add(g + " " + ATTRS));
        return out;
    }

    static String glob(Optional<GoRegex> regex) {
        if (regex.isEmpty()) {
            return "*";
        }
        String r = regex.get().expression();
        boolean start = r.startsWith("^");
        boolean end = r.endsWith("$") && !r.endsWith("\\$");
        String body = r.substring(start ? 1 : 0, r.length() - (end ? 1 : 0));
        if (body.replace("\\\\", "").replaceAll("\\\\.", "").contains("|") || body.contains("(?")) {
            return "*";
        }
        List<String> tokens = tokens(body);
        int tail = tokens.size();
        while (tail > 0 && tokens.get(tail - 1) != null) {
            tail--;
        }
        StringBuilder literal = new StringBuilder();
        tokens.subList(tail, tokens.size()).forEach(literal::append);
        String lit = literal.toString();
        if (!end || lit.isEmpty() || lit.chars().anyMatch(c -> "*?[]!\\ #".indexOf(c) >= 0)) {
            return "*";
        }
        if (tail == 0 && start) {
            return "/" + lit;
        }
        int slash = lit.lastIndexOf('/');
        String last = lit.substring(slash + 1);
        return last.isEmpty() ? "*" : "*" + last;
    }

    /** Literal characters as one-character strings; anything with regex meaning as null. */
    private static List<String> tokens(String body) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                out.add(Character.isLetterOrDigit(n) ? null : String.valueOf(n));
            } else if (".[]()*+?{}|^$\\".indexOf(c) >= 0) {
                out.add(null);
            } else {
                out.add(String.valueOf(c));
            }
        }
        return out;
    }
}
