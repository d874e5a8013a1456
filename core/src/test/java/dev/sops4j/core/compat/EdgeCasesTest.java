package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trees a format cannot hold: writing them must either round-trip exactly or fail with a clear one-line error,
 * never come back silently changed. Cases that currently change silently are gated as known bugs.
 */
class EdgeCasesTest {
    private static Mapping doc(String key, Node value) {
        return Mapping.of(new Pair(key, value));
    }

    private static Mapping ini(String section, String key, String value) {
        return doc(section, doc(key, new StrValue(value)));
    }

    /** label, format, tree, whether it round-trips or fails clearly today (false = known bug). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("dotenv nested value", Format.DOTENV, doc("A", doc("b", new StrValue("c"))), true),
                Arguments.of("dotenv key sops_x (reserved prefix)", Format.DOTENV, doc("sops_x", new StrValue("v")),
                        true),
                Arguments.of("dotenv value with a newline", Format.DOTENV, doc("A", new StrValue("x\ny")), true),
                Arguments.of("dotenv key with '='", Format.DOTENV, doc("a=b", new StrValue("v")), true),
                Arguments.of("dotenv key with a newline", Format.DOTENV, doc("a\nb", new StrValue("v")), true),
                Arguments.of("dotenv key starting with '#'", Format.DOTENV, doc("#a", new StrValue("v")), true),
                Arguments.of("dotenv empty key", Format.DOTENV, doc("", new StrValue("v")), true),
                Arguments.of("dotenv value with a literal backslash-n", Format.DOTENV, doc("A", new StrValue("x\\ny")),
                        true),
                Arguments.of("ini nested section value", Format.INI, doc("s", doc("k", doc("x", new StrValue("y")))),
                        true),
                Arguments.of("ini top-level scalar", Format.INI, doc("k", new StrValue("v")), true),
                Arguments.of("ini key with '='", Format.INI, ini("s", "a=b", "v"), true),
                Arguments.of("ini section with ']'", Format.INI, ini("s]x", "k", "v"), true),
                Arguments.of("ini value with a newline", Format.INI, ini("s", "k", "x\ny"), true),
                Arguments.of("ini value wrapped in quotes", Format.INI, ini("s", "k", "\"q\""), true),
                Arguments.of("yaml mapping holding only a comment", Format.YAML,
                        doc("a", Mapping.of(new Comment(" only a comment"))), true),
                Arguments.of("yaml sequence holding only a comment", Format.YAML,
                        doc("a", Sequence.of(new Comment(" only a comment"))), true),
                Arguments.of("yaml list item starting with a newline (yaml.v3 writes a |4- block it cannot read back, go-yaml#76)",
                        Format.YAML, doc("k", Sequence.of(new StrValue("\nx"), new StrValue("  y\n"))), true),
                Arguments.of("yaml key starting with a newline, in a mapping inside a list", Format.YAML,
                        doc("k", Sequence.of(doc("\na", new StrValue("v")))), true),
                Arguments.of("yaml value starting with a newline, in a mapping inside a list", Format.YAML,
                        doc("k", Sequence.of(doc("v", new StrValue("\nx")))), true),
                Arguments.of("yaml value starting with a newline, in a nested mapping", Format.YAML,
                        doc("k", doc("v", new StrValue("\nx"))), true),
                Arguments.of("yaml key '<<' with a scalar value (sops writes '!!merge <<: v' and refuses it too)",
                        Format.YAML, doc("<<", new StrValue("v")), true),
                Arguments.of("json nested empty containers", Format.JSON,
                        doc("a", Mapping.of(new Pair("b", Sequence.of()), new Pair("c", Mapping.empty()))), true));
    }

    /** A refusal must come while writing; a file written and then unreadable or different is the bug. */
    private static void roundTripsOrFailsClearly(Format format, Mapping tree,
            BiFunction<Format, List<Mapping>, byte[]> writer, BiFunction<Format, byte[], List<Mapping>> reader) {
        byte[] file;
        try {
            file = writer.apply(format, List.of(tree));
        } catch (SopsException e) {
            assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
            assertNotEquals(0, e.exitCode().code());
            return;
        }
        List<Mapping> back;
        try {
            back = reader.apply(format, file);
        } catch (SopsException e) {
            throw new AssertionError("wrote a file it cannot read back: " + e.getMessage(), e);
        }
        List<Mapping> normalised = SopsRepoVectorsTest.withoutEmptyIniDefault(format, back);
        assertEquals(TreeText.of(List.of(tree)) + TreeText.comments(List.of(tree)),
                TreeText.of(normalised) + TreeText.comments(normalised), "came back changed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encryptedFileRoundTripsOrFailsClearly(String label, Format format, Mapping tree, boolean works)
            throws Throwable {
        check(label, works, () -> roundTripsOrFailsClearly(format, tree,
                StoreRoundTripProperties::writeEncrypted, StoreRoundTripProperties::readEncrypted));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plainFileRoundTripsOrFailsClearly(String label, Format format, Mapping tree, boolean works)
            throws Throwable {
        check(label, works, () -> roundTripsOrFailsClearly(format, tree,
                StoreRoundTripProperties::writePlain, StoreRoundTripProperties::readPlain));
    }

    /** Spec 3.3: only the {@code sops_} prefix is reserved in dotenv; a key named {@code sops} is ordinary data. */
    @org.junit.jupiter.api.Test
    void dotenvKeyNamedSopsIsOrdinaryData() {
        Mapping tree = doc("sops", new StrValue("v"));
        assertEquals(List.of(tree), StoreRoundTripProperties.encryptedRoundTrip(Format.DOTENV, List.of(tree)));
    }

    private static void check(String label, boolean works, org.junit.jupiter.api.function.Executable test)
            throws Throwable {
        if (works) {
            test.execute();
        } else {
            KnownBugs.check(label + " comes back changed instead of failing with a clear error", test);
        }
    }
}
