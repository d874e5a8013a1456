package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §5.5.4 (mapping keys) and the load errors sops reports for bad YAML. */
class KeysAndErrorsTest {
    private final YamlStore store = new YamlStore(4);

    private String roundTrip(String yaml) {
        return new String(store.emitPlain(store.parsePlain(bytes(yaml))), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}: is the string key {1}")
    @CsvSource(delimiter = '|', value = {
        "on|on|\"on\"", "off|off|\"off\"", "yes|yes|\"yes\"", "no|no|\"no\"", "Yes|Yes|\"Yes\"", "ON|ON|\"ON\"",
        "y|y|\"y\"", "n|n|\"n\"", "Y|Y|\"Y\"", "N|N|\"N\"", "1:30|1:30|\"1:30\"", "'\"123\"'|123|\"123\"",
        "'''123'''|123|\"123\"", "!!str 123|123|\"123\"", "plain|plain|plain", "'\"\"'||\"\"",
        "'a b'|a b|a b", "'\"#x\"'|#x|'''#x'''"})
    void stringKeys(String key, String parsed, String written) {
        Mapping m = store.parsePlain(bytes(key + ": v\n")).get(0);
        assertEquals(parsed == null ? "" : parsed, ((Pair) m.entries().get(0)).key());
        assertEquals(written + ": v\n", roundTrip(key + ": v\n"));
    }

    @ParameterizedTest(name = "{0}: is refused")
    @CsvSource(delimiter = '|', value = {
        "true|(type bool): %!s(bool=true)", "True|(type bool): %!s(bool=true)", "false|(type bool): %!s(bool=false)",
        "null|(type <nil>): %!s(<nil>)", "~|(type <nil>): %!s(<nil>)", "Null|(type <nil>): %!s(<nil>)",
        "123|(type int): %!s(int=123)", "-5|(type int): %!s(int=-5)", "1.5|(type float64): %!s(float64=1.5)",
        "1e3|(type float64): %!s(float64=1000)", ".inf|(type float64): %!s(float64=+Inf)",
        "0x1F|(type int): %!s(int=31)", "2001-12-14|(type time.Time): 2001-12-14 00:00:00 +0000 UTC",
        "!!int \"7\"|(type int): %!s(int=7)", "9223372036854775808|(type uint64): %!s(uint64=9223372036854775808)"})
    void nonStringKeys(String key, String detail) {
        InputException e = assertThrows(InputException.class, () -> store.parsePlain(bytes(key + ": v\n")));
        assertEquals("Error walking tree: Tree contains a non-string key " + detail
                + ". Only string keys are supported", e.getMessage());
        assertEquals(ExitCode.ERROR_ENCRYPTING_TREE, e.exitCode());
        InputException d = assertThrows(InputException.class, () -> store.parseEncrypted(bytes(key + ": v\n")));
        assertEquals(ExitCode.ERROR_DECRYPTING_TREE, d.exitCode());
    }

    @Test
    void mergeKeyStaysALiteralKeyHoldingACopy() {
        String in = "base: &b\n  x: 1\nchild:\n  <<: *b\n  z: 2\n";
        Mapping m = store.parsePlain(bytes(in)).get(0);
        Mapping child = (Mapping) m.get("child").orElseThrow();
        assertEquals(m.get("base").orElseThrow(), child.get("<<").orElseThrow());
        assertEquals("base:\n    x: 1\nchild:\n    !!merge <<:\n        x: 1\n    z: 2\n", roundTrip(in));
        assertEquals("k: !!merge <<\n", roundTrip("k: <<\n"));
        // A quoted "<<" is the same string. yaml.v3 would write it as "!!merge <<: x", a merge key with a scalar
        // value that neither sops nor we can read back, so writing it is refused with a clear error.
        dev.sops4j.core.error.FormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.sops4j.core.error.FormatException.class, () -> roundTrip("\"<<\": x\n"));
        assertEquals("cannot write YAML key \"<<\": yaml.v3 reads it back as a merge key, whose value must be a"
                + " mapping or a list of mappings", e.getMessage());
    }

    @Test
    void anchorsAreExpandedByCopying() {
        assertEquals("a: hello\nb: hello\nl:\n    - 1\n    - 2\nm:\n    - 1\n    - 2\n",
                roundTrip("a: &x hello\nb: *x\nl: &l [1, 2]\nm: *l\n"));
    }

    @Test
    void duplicateKeysAreComparedOnRawText() {
        InputException e = assertThrows(InputException.class, () -> store.parsePlain(bytes("a: 1\n\"a\": 2\n")));
        assertEquals("Error unmarshaling input YAML: yaml: unmarshal errors: "
                + "line 2: mapping key \"a\" already defined at line 1", e.getMessage());
        assertThrows(InputException.class, () -> store.parsePlain(bytes("on: 1\n\"on\": 2\n")));
        assertThrows(InputException.class, () -> store.parsePlain(bytes("x:\n  k: 1\n  !!str k: 2\n")));
        // 1 and 01 are different raw texts: yaml.v3 lets them through, sops then refuses the int key.
        InputException walk = assertThrows(InputException.class, () -> store.parsePlain(bytes("1: a\n01: b\n")));
        assertTrue(walk.getMessage().startsWith("Error walking tree: Tree contains a non-string key (type int)"));
    }

    @Test
    void badMergeValueAndBadBinaryAreLoadErrors() {
        InputException merge = assertThrows(InputException.class, () -> store.parsePlain(bytes("a:\n  <<: 1\n")));
        assertEquals("Error unmarshaling input YAML: yaml: map merge requires map or sequence of maps as the value",
                merge.getMessage());
        InputException bin = assertThrows(InputException.class, () -> store.parsePlain(bytes("a: !!binary '%%'\n")));
        assertEquals("Error unmarshaling input YAML: yaml: !!binary value contains invalid base64 data",
                bin.getMessage());
    }

    @Test
    void documentsMustBeMappings() {
        InputException seq = assertThrows(InputException.class, () -> store.parsePlain(bytes("- a\n- b\n")));
        assertEquals("Error unmarshaling input YAML: YAML documents that are sequences are not supported",
                seq.getMessage());
        InputException scalar = assertThrows(InputException.class, () -> store.parsePlain(bytes("hello\n")));
        assertEquals("Error unmarshaling input YAML: YAML documents that are values are not supported",
                scalar.getMessage());
        assertEquals(List.of(Mapping.empty(), Mapping.empty()), store.parsePlain(bytes("---\n---\n")));
        assertEquals(List.of(), store.parsePlain(new byte[0]));
    }

    @Test
    void syntaxErrorsAreOneLineInputErrors() {
        for (String bad : List.of("a: [1, 2\n", "a: b: c\n", "a:\n\t- x\n", "k: -\n", "a: *nope\n", "a: 'x\n")) {
            SopsException e = assertThrows(InputException.class, () -> store.parsePlain(bytes(bad)), bad);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("Error unmarshaling input YAML: yaml: "), e.getMessage());
            assertEquals(ExitCode.COULD_NOT_READ_INPUT_FILE, e.exitCode());
        }
        assertEquals("Error unmarshaling input YAML: yaml: unknown anchor 'nope' referenced",
                assertThrows(InputException.class, () -> store.parsePlain(bytes("a: *nope\n"))).getMessage());
        assertThrows(InputException.class, () -> store.parsePlain(new byte[] {'a', ':', ' ', (byte) 0xff}));
    }

    @Test
    void metadataIsRequiredToDecrypt() {
        MetadataException e = assertThrows(MetadataException.class, () -> store.parseEncrypted(bytes("a: 1\n")));
        assertEquals("sops metadata not found", e.getMessage());
        assertEquals(ExitCode.GENERIC, e.exitCode());
        assertTrue(store.hasSopsMetadata(bytes("a: 1\nsops:\n  version: 3.13.2\n")));
        assertFalse(store.hasSopsMetadata(bytes("a: 1\n---\nsops: {}\n")));
        assertFalse(store.hasSopsMetadata(bytes("a: 1\nnested:\n  sops: x\n")));
        assertFalse(store.hasSopsMetadata(bytes("a: [\n")));
    }

    @Test
    void metadataComesFromTheFirstDocumentAndIsRemovedFromAll() {
        var doc = store.parseEncrypted(bytes("a: 1\nsops:\n    version: x\n---\nb: 2\nsops:\n    version: y\n"));
        assertEquals(Mapping.of(new Pair("version", new dev.sops4j.core.tree.StrValue("x"))), doc.metadata());
        assertEquals(2, doc.branches().size());
        assertFalse(doc.branches().get(1).containsKey("sops"));
    }

    @Test
    void byteOrderMarkAndCrlfAreRead() {
        assertEquals(List.of(Mapping.of(new Pair("a", new dev.sops4j.core.tree.IntValue(1)),
                new Pair("b", new dev.sops4j.core.tree.StrValue("x\ny\n")))),
                store.parsePlain(bytes("\uFEFFa: 1\r\nb: |\r\n  x\r\n  y\r\n")));
    }

    @Test
    void negativeIndentIsRefused() {
        assertThrows(UsageException.class, () -> new YamlStore(-1));
    }
}
