package dev.sops4j.gateway.policy;

import java.util.regex.Pattern;

/**
 * Anchored globs: {@code *} matches within one {@code /}-separated segment, {@code **} across segments, {@code ?}
 * one character other than {@code /}; everything else is literal. Keeping {@code *} inside a segment means
 * {@code app/prod/*} cannot reach {@code app/prod/x/y}, and {@code org/app*} is visibly a prefix match.
 */
public final class Glob {
    private Glob() {
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (lit.length() > 0) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                if (c == '?') {
                    re.append("[^/]");
                } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            re.append(Pattern.quote(lit.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    public static boolean isWildcard(String glob) {
        return glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0;
    }
}
