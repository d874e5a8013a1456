package dev.sops4j.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoRegexTest {

    private static GoRegex re(String expression) {
        try {
            return GoRegex.compile(expression);
        } catch (GoRegex.Invalid e) {
            throw new AssertionError(e);
        }
    }

    /** The pattern of the review: java.util.regex backtracks for ever on it, RE2 answers at once. */
    @Test
    void catastrophicPatternFinishesAtOnce() {
        String key = "a".repeat(40) + "b";
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> re("(.*a){25}$").find(key)));
        assertTrue(re("(.*a){25}").find(key));
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> re("^(a+)+$").find("a".repeat(5000) + "!")));
    }

    /** What Go's regexp (so sops) refuses, with Go's own error text, as `sops encrypt --encrypted-regex` shows. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(|missing closing )|error parsing regexp: missing closing ): `(`",
        "\\Z|invalid escape sequence|error parsing regexp: invalid escape sequence: `\\Z`",
        "a++|invalid nested repetition operator|error parsing regexp: invalid nested repetition operator: `++`",
        "(?=a)|invalid or unsupported Perl syntax|error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
        "a{1001}|invalid repeat count|error parsing regexp: invalid repeat count: `{1001}`",
    })
    void goRefusesWhatJavaAccepts(String expression, String description, String message) {
        GoRegex.Invalid e = assertThrows(GoRegex.Invalid.class, () -> GoRegex.compile(expression));
        assertEquals(description, e.description());
        assertEquals(message, e.getMessage());
        assertTrue(GoRegex.tryCompile(expression).isEmpty());
    }

    /** Go's forms that java.util.regex reads differently or refuses. */
    @Test
    void goSyntaxAndSemantics() {
        assertTrue(re("(?P<n>a)\\z").find("ba"));
        assertFalse(re("(?P<n>a)\\z").find("ab"));
        assertTrue(re("(?<n>a)\\z").find("ba"));
        assertTrue(re("^[[:alpha:]]+$").find("bc"));
        assertFalse(re("^[[:alpha:]]+$").find("b:"));
        // Go's dot refuses only \n (Java's also \r, U+0085, U+2028, U+2029).
        assertTrue(re("^a.b$").find("a\rb"));
        assertTrue(re("^a.b$").find("a\u2028b"));
        assertFalse(re("^a.b$").find("a\nb"));
        assertTrue(re("(?i)^PASS").find("password"));
        assertTrue(re("\\pL").find("\u00e9"));
    }
}
