package dev.sops4j.gateway.policy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A typed test on one claim. Claim values are compared in their canonical text (numbers without a fraction as
 * integers, booleans as {@code true}/{@code false}); every pattern must match the whole value.
 */
public sealed interface Matcher {

    /** @param value the claim's canonical text, empty when the claim is absent or not a scalar */
    boolean test(Optional<String> value);

    /** How the rule wrote it, for explain output. */
    String describe();

    record Equals(String expected) implements Matcher {
        public boolean test(Optional<String> v) {
            return v.isPresent() && v.get().equals(expected);
        }

        public String describe() {
            return "equals " + expected;
        }
    }

    record In(List<String> options) implements Matcher {
        public In {
            options = List.copyOf(options);
        }

        public boolean test(Optional<String> v) {
            return v.isPresent() && options.contains(v.get());
        }

        public String describe() {
            return "in " + options;
        }
    }

    record GlobMatch(String glob, Pattern pattern) implements Matcher {
        public GlobMatch(String glob) {
            this(glob, Glob.compile(glob));
        }

        public boolean test(Optional<String> v) {
            return v.isPresent() && pattern.matcher(v.get()).matches();
        }

        public String describe() {
            return "glob " + glob;
        }
    }

    record Regex(String regex, Pattern pattern) implements Matcher {
        public Regex(String regex) {
            this(regex, Pattern.compile(regex));
        }

        public boolean test(Optional<String> v) {
            return v.isPresent() && pattern.matcher(v.get()).matches();
        }

        public String describe() {
            return "regex ^(" + regex + ")$";
        }
    }

    record Exists() implements Matcher {
        public boolean test(Optional<String> v) {
            return v.isPresent();
        }

        public String describe() {
            return "exists";
        }
    }

    record Absent() implements Matcher {
        public boolean test(Optional<String> v) {
            return v.isEmpty();
        }

        public String describe() {
            return "absent";
        }
    }

    /** Negation ({@code not_equals}, {@code not_in}, ...): true when the inner matcher is false. */
    record Not(Matcher inner) implements Matcher {
        public boolean test(Optional<String> v) {
            return !inner.test(v);
        }

        public String describe() {
            return "not " + inner.describe();
        }
    }
}
