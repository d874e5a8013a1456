package dev.sops4j.core.store.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonStoreTest {
    private final JsonStore store = new JsonStore(-1);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void parsesKeyOrderAndTypesLikeSops3132() {
        Mapping m = store.parsePlain(utf8(
                "{\"z\": 1, \"a\": 1.0, \"big\": 9223372036854775808, \"e\": 1e3, \"t\": true, \"n\": null,"
                        + " \"s\": \"x\", \"l\": [1, {\"k\": -0}], \"o\": {}}")).get(0);
        assertEquals(List.of("z", "a", "big", "e", "t", "n", "s", "l", "o"),
                m.pairs().stream().map(Pair::key).toList());
        assertEquals(new IntValue(1), m.get("z").orElseThrow());
        assertEquals(new FloatValue(1.0), m.get("a").orElseThrow());
        assertEquals(new FloatValue(9.223372036854775808e18), m.get("big").orElseThrow());
        assertEquals(new FloatValue(1000), m.get("e").orElseThrow());
        assertEquals(new BoolValue(true), m.get("t").orElseThrow());
        assertEquals(NullValue.INSTANCE, m.get("n").orElseThrow());
        assertEquals(Sequence.of(new IntValue(1), Mapping.of(new Pair("k", new IntValue(0)))),
                m.get("l").orElseThrow());
        assertEquals(Mapping.empty(), m.get("o").orElseThrow());
    }

    @Test
    void emitsLikeGoJsonIndent() {
        Mapping m = Mapping.of(new Pair("a", new StrValue("b")), new Comment("dropped"),
                new Pair("l", Sequence.of(new IntValue(1), new Comment("c"), Mapping.empty(), Sequence.of())),
                new Pair("o", Mapping.of(new Pair("x", NullValue.INSTANCE), new Pair("f", new FloatValue(0.5)))));
        assertEquals("{\n\t\"a\": \"b\",\n\t\"l\": [\n\t\t1,\n\t\t{},\n\t\t[]\n\t],\n\t\"o\": {\n\t\t\"x\": null,\n"
                + "\t\t\"f\": 0.5\n\t}\n}\n", text(store.emitPlain(List.of(m))));
        assertEquals("{\n  \"a\": \"b\"\n}\n",
                text(new JsonStore(2).emitPlain(List.of(Mapping.of(new Pair("a", new StrValue("b")))))));
        assertEquals("{\n\"a\": 1\n}\n",
                text(new JsonStore(0).emitPlain(List.of(Mapping.of(new Pair("a", new IntValue(1)))))));
        assertEquals("{}\n", text(store.emitPlain(List.of(Mapping.empty()))));
    }

    @Test
    void escapesStringsLikeGoJsonMarshal() {
        String in = "<a href=\"x\">&amp;</a>\\ \n\r\t\b\f\u0001\u001f\u007f \u2028\u2029 é ☃ 😀";
        String expected = "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\\\\ \\n\\r\\t\\b\\f\\u0001"
                + "\\u001f\u007f \\u2028\\u2029 é ☃ 😀\"";
        assertEquals(expected, text(store.emitValue(new StrValue(in))));
        assertEquals("{\n\t\"\\u003ck\\u003e\": 1\n}",
                text(store.emitValue(Mapping.of(new Pair("<k>", new IntValue(1))))));
        // Raw bytes that are not UTF-8 become U+FFFD escapes, as for a Go string.
        assertEquals("\"A\\ufffd\\ufffdB\"",
                text(store.emitValue(new BytesValue(new byte[] {0x41, (byte) 0xff, (byte) 0xc3, 0x42}))));
    }

    @ParameterizedTest
    @CsvSource({
        "1000, 1000", "0.5, 0.5", "25.4, 25.4", "1e20, 100000000000000000000", "1e21, 1e+21",
        "1.5e300, 1.5e+300", "0.000001, 0.000001", "1e-7, 1e-7", "1.25e-10, 1.25e-10", "-0.0, -0",
        "0.0, 0", "123456789.125, 123456789.125", "5e-324, 5e-324", "-2.5e-8, -2.5e-8"
    })
    void floatsFormatLikeGoFloatEncoder(double value, String expected) {
        assertEquals(expected, text(store.emitValue(new FloatValue(value))));
    }

    @Test
    void splitsMetadataFromEncryptedFiles() {
        EncryptedDocument d = store.parseEncrypted(utf8("{\"a\": \"x\", \"sops\": {\"version\": \"3.13.2\"}}"));
        assertEquals(Mapping.of(new Pair("a", new StrValue("x"))), d.branches().get(0));
        assertEquals(Mapping.of(new Pair("version", new StrValue("3.13.2"))), d.metadata());
        assertTrue(store.hasSopsMetadata(utf8("{\"sops\": 1}")));
        assertFalse(store.hasSopsMetadata(utf8("{\"sopsx\": 1}")));
        byte[] out = store.emitEncrypted(d.branches(), d.metadata());
        assertEquals("{\n\t\"a\": \"x\",\n\t\"sops\": {\n\t\t\"version\": \"3.13.2\"\n\t}\n}\n", text(out));
    }

    @Test
    void nonSopsFileIsAMetadataError() {
        MetadataException e = assertThrows(MetadataException.class, () -> store.parseEncrypted(utf8("{\"a\": 1}")));
        assertEquals("sops metadata not found", e.getMessage());
        // sops exits 1 here (conformance scenario error-decrypt-plain-file).
        assertEquals(ExitCode.GENERIC, e.exitCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1, 2]|SOPS only supports JSON files with a top-level object (starting with '{'), not arrays or other types. To encrypt this file, wrap it in an object, e.g., {\"data\": [...]}",
        "\"x\"|SOPS only supports JSON files with a top-level object (starting with '{'), not arrays or other types. To encrypt this file, wrap it in an object, e.g., {\"data\": [...]}",
        "{\"a\": 1e999}|Could not unmarshal input data: number 1e999 is out of range",
    })
    void badInputIsAOneLineInputError(String json, String message) {
        InputException e = assertThrows(InputException.class, () -> store.parsePlain(utf8(json)));
        assertEquals(message, e.getMessage());
        assertEquals(ExitCode.COULD_NOT_READ_INPUT_FILE, e.exitCode());
    }

    @Test
    void syntaxErrorsAreOneLine() {
        InputException e = assertThrows(InputException.class, () -> store.parsePlain(utf8("{\"a\": \n,}")));
        assertTrue(e.getMessage().startsWith("Could not unmarshal input data: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(InputException.class, () -> store.parsePlain(new byte[0]));
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersLikeGo() {
        byte[] in = {'{', '"', 'k', '"', ':', '"', 'a', (byte) 0xff, 'b', '"', '}'};
        assertEquals(new StrValue("a\ufffdb"), store.parsePlain(in).get(0).get("k").orElseThrow());
    }

    @Test
    void trailingDataIsIgnoredInPlainFilesButNotInEncryptedOnes() {
        assertEquals(new IntValue(1), store.parsePlain(utf8("{\"a\": 1} trailing")).get(0).get("a").orElseThrow());
        InputException e = assertThrows(InputException.class,
                () -> store.parseEncrypted(utf8("{\"sops\": {}} {}")));
        assertEquals("Error unmarshalling input json: invalid data after the top-level value", e.getMessage());
        assertEquals(ExitCode.GENERIC, e.exitCode());
        assertEquals(ExitCode.GENERIC, assertThrows(InputException.class,
                () -> store.parseEncrypted(utf8("[1]"))).exitCode());
    }

    @Test
    void roundTripsTheRealPlainInput() {
        byte[] plain = SharedData.bytes("sops-vectors/real-sops-3.13.2/e.plain.json");
        List<Mapping> tree = store.parsePlain(plain);
        assertEquals(new IntValue(9007199254740993L), tree.get(0).get("big_int").orElseThrow());
        assertEquals(new FloatValue(1000), tree.get(0).get("exp").orElseThrow());
        // Emitting the plaintext tree gives what sops decrypt prints for its encrypted form.
        assertEquals(SharedData.text("sops-vectors/real-sops-3.13.2/e.dec.json"), text(store.emitPlain(tree)));
    }
}
