package dev.sops4j.core.text;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * A regular expression with Go's {@code regexp} syntax and semantics (RE2): matching runs in time linear in the
 * input whatever the pattern, so a regex taken from a file or a config cannot stall a command. Every regex that
 * comes from outside ({@code path_regex}, the {@code *_regex} rules of metadata and config) goes through here.
 *
 * <p>Go's syntax is not Java's: {@code \Z}, possessive and lookaround forms are errors, {@code (?P<name>)} and
 * {@code [[:alpha:]]} are accepted, and {@code .} refuses only {@code \n}.
 */
public final class GoRegex {
    private final Pattern pattern;

    private GoRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Go's {@code regexp.Compile}. */
    public static GoRegex compile(String expression) throws Invalid {
        try {
            return new GoRegex(Pattern.compile(expression));
        } catch (PatternSyntaxException e) {
            throw new Invalid(e.getDescription(), e.getMessage());
        }
    }

    /** The compiled regex, or empty when Go would not compile it. */
    public static Optional<GoRegex> tryCompile(String expression) {
        try {
            return Optional.of(compile(expression));
        } catch (Invalid e) {
            return Optional.empty();
        }
    }

    /** Go's {@code MatchString}: whether the regex matches anywhere in {@code s}. */
    public boolean find(CharSequence s) {
        return pattern.matcher(s).find();
    }

    /** The groups of the leftmost match of {@code s} (index 0 is the whole match), or empty. */
    public Optional<String[]> groups(CharSequence s) {
        Matcher m = pattern.matcher(s);
        if (!m.find()) {
            return Optional.empty();
        }
        String[] out = new String[m.groupCount() + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.group(i);
        }
        return Optional.of(out);
    }

    public String expression() {
        return pattern.pattern();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }

    /** A regex Go refuses; {@code description} is Go's error code text, {@code goMessage} Go's whole error. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String description;

        Invalid(String description, String goMessage) {
            super(goMessage, null, false, false);
            this.description = description;
        }

        /** E.g. {@code missing closing )}. */
        public String description() {
            return description;
        }
    }
}
