package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How yaml.v3 (as sops drives it) writes values: quoting, block scalars, indentation, empty blocks, --extract. */
class EmitterTest {
    private final YamlStore store = new YamlStore(4);

    private String emit(YamlStore s, Mapping m) {
        return new String(s.emitPlain(List.of(m)), StandardCharsets.UTF_8);
    }

    private String value(String v) {
        return emit(store, Mapping.of(new Pair("k", new StrValue(v))));
    }

    @ParameterizedTest(name = "[{0}] -> k: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a: b|'a: b'", "#x|'#x'", "a #b|'a #b'", "- a|'- a'", "-|'-'", "?|'?'", ":|':'", "*a|'*a'", "&a|'&a'",
        "!a|'!a'", "%a|'%a'", "@a|'@a'", "`a|'`a'", "'|''''", "[a]|'[a]'", "{a}|'{a}'", ",a|',a'",
        "\" lead\"|' lead'", "\"trail \"|'trail '", "--- a|'--- a'", "...|'...'", "a:|'a:'", ">|'>'",
        "1e400|1e400", "0x|0x", "2001-12-14T21:59:43|2001-12-14T21:59:43", "a:b|a:b", "a#b|a#b", "-a|-a",
        "café|café", "0.0.0.0|0.0.0.0", "ENC[AES256_GCM,data:x,type:str]|ENC[AES256_GCM,data:x,type:str]",
        "123|\"\"\"123\"\"\"", "1.0|\"\"\"1.0\"\"\"", "08|\"\"\"08\"\"\"", "true|\"\"\"true\"\"\"",
        "null|\"\"\"null\"\"\"", "~|\"\"\"~\"\"\"", "2001-12-14|\"\"\"2001-12-14\"\"\"", "1:30|\"\"\"1:30\"\"\"",
        "yes|\"\"\"yes\"\"\"", "on|\"\"\"on\"\"\"", "y|\"\"\"y\"\"\"", "<<|!!merge <<", "a'b|a'b",
        "a \"q\"|a \"q\"", "ü: x|'ü: x'"})
    void quoting(String in, String out) {
        assertEquals("k: " + out + "\n", value(in));
    }

    @Test
    void emptyStringAndControlCharacters() {
        assertEquals("k: \"\"\n", value(""));
        assertEquals("k: \"x\\ty\"\n", value("x\ty"));
        assertEquals("k: \"\\x01\\0\\e\\x7F\"\n", value("\u0001\u0000\u001b\u007f"));
        assertEquals("k: \"\\U0001F600 smile\"\n", value("\uD83D\uDE00 smile"));
        assertEquals("k: \"\\uFEFFbom\"\n", value("\uFEFFbom"));
        assertEquals("k: \"a\\Nb\\Lc\\Pd\\re\"\n", value("a\u0085b\u2028c\u2029d\re"));
        assertEquals("k: \"\\\" \\\\ \\t\"\n", value("\" \\ \t"));
    }

    @Test
    void multiLineStringsBecomeLiteralBlocks() {
        assertEquals("k: |-\n    a\n    b\n", value("a\nb"));
        assertEquals("k: |\n    a\n    b\n", value("a\nb\n"));
        assertEquals("k: |+\n    a\n\n", value("a\n\n"));
        assertEquals("k: |4-\n     a\n    b\n", value(" a\nb"));
        assertEquals("k: |4\n\n    a\n", value("\na\n"));
        assertEquals("k: |-\n    a\n\n    b\n", value("a\n\nb"));
        assertEquals("k: \"a \\nb\"\n", value("a \nb"));
        assertEquals("k: \"a\\tb\\nc\"\n", value("a\tb\nc"));
        assertEquals("k: \"trail \\nx\"\n", value("trail \nx"));
    }

    @Test
    void indentationFollowsTheEncoderRules() {
        Mapping tree = Mapping.of(
                new Pair("m", Mapping.of(new Pair("nn", Mapping.of(new Pair("x", new IntValue(1)))))),
                new Pair("s", Sequence.of(new StrValue("a"), Sequence.of(new StrValue("b"), new StrValue("c")),
                        Mapping.of(new Pair("k", new StrValue("v")),
                                new Pair("l", Sequence.of(Mapping.of(new Pair("d", new IntValue(2)),
                                        new Pair("t", new StrValue("x\ny\n")))))))));
        assertEquals("""
                m:
                    nn:
                        x: 1
                s:
                    - a
                    - - b
                      - c
                    - k: v
                      l:
                        - d: 2
                          t: |
                            x
                            y
                """, emit(store, tree));
        assertEquals("""
                m:
                  nn:
                    x: 1
                s:
                  - a
                  - - b
                    - c
                  - k: v
                    l:
                      - d: 2
                        t: |
                          x
                          y
                """, emit(new YamlStore(2), tree));
        assertEquals(emit(store, tree), emit(new YamlStore(0), tree));
        assertEquals(emit(new YamlStore(2), tree), emit(new YamlStore(1), tree));
        assertEquals(emit(new YamlStore(2), tree), emit(new YamlStore(10), tree));
        assertEquals("m:\n   nn:\n      x: 1\n", emit(new YamlStore(3),
                Mapping.of(new Pair("m", Mapping.of(new Pair("nn", Mapping.of(new Pair("x", new IntValue(1)))))))));
    }

    @Test
    void emptyBlocksAreFlow() {
        Mapping tree = Mapping.of(new Pair("m", Mapping.empty()), new Pair("s", Sequence.of()),
                new Pair("l", Sequence.of(Sequence.of(), Mapping.empty(), NullValue.INSTANCE)));
        assertEquals("m: {}\ns: []\nl:\n    - []\n    - {}\n    - null\n", emit(store, tree));
        assertEquals("{}\n", emit(store, Mapping.empty()));
        assertEquals("a: 1\n--- {}\n---\nb: 2\n", new String(store.emitPlain(List.of(
                Mapping.of(new Pair("a", new IntValue(1))), Mapping.empty(),
                Mapping.of(new Pair("b", new IntValue(2))))), StandardCharsets.UTF_8));
        assertEquals("", new String(store.emitPlain(List.of()), StandardCharsets.UTF_8));
    }

    @Test
    void longKeysUseTheExplicitKeyForm() {
        String k128 = "k".repeat(128);
        String k129 = "k".repeat(129);
        assertEquals(k128 + ": v\n", emit(store, Mapping.of(new Pair(k128, new StrValue("v")))));
        assertEquals("? " + k129 + "\n: v\n", emit(store, Mapping.of(new Pair(k129, new StrValue("v")))));
        String wide = "é".repeat(64);
        assertEquals(wide + ": v\n", emit(store, Mapping.of(new Pair(wide, new StrValue("v")))));
        assertEquals("? " + wide + "é\n: v\n", emit(store, Mapping.of(new Pair(wide + "é", new StrValue("v")))));
        assertEquals("? |-\n    a\n    b\n: v\n",
                emit(store, Mapping.of(new Pair("a\nb", new StrValue("v")))));
    }

    @Test
    void invalidUtf8IsBinary() {
        assertEquals("k: !!binary /w==\n", emit(store, Mapping.of(new Pair("k", new BytesValue(new byte[] {-1})))));
        byte[] big = new byte[60];
        Arrays.fill(big, (byte) 0xff);
        String b64 = java.util.Base64.getEncoder().encodeToString(big);
        assertEquals("k: !!binary |\n    " + b64.substring(0, 70) + "\n    " + b64.substring(70) + "\n",
                emit(store, Mapping.of(new Pair("k", new BytesValue(big)))));
        Node back = store.parsePlain(store.emitPlain(List.of(Mapping.of(new Pair("k", new BytesValue(big))))))
                .get(0).get("k").orElseThrow();
        assertEquals(new BytesValue(big), back);
    }

    @Test
    void extractPrintsStringsRawAndOtherValuesAsDocuments() {
        assertArrayEquals("s3cr3t!pass".getBytes(StandardCharsets.UTF_8), store.emitValue(new StrValue("s3cr3t!pass")));
        assertArrayEquals(new byte[] {-1, 0}, store.emitValue(new BytesValue(new byte[] {-1, 0})));
        assertEquals("42\n", new String(store.emitValue(new IntValue(42)), StandardCharsets.UTF_8));
        assertEquals("true\n", new String(store.emitValue(new BoolValue(true)), StandardCharsets.UTF_8));
        assertEquals("null\n", new String(store.emitValue(NullValue.INSTANCE), StandardCharsets.UTF_8));
        Sequence replicas = Sequence.of(
                Mapping.of(new Pair("name", new StrValue("r1")), new Pair("weight", new IntValue(1))),
                Mapping.of(new Pair("name", new StrValue("r2")), new Pair("weight", new dev.sops4j.core.tree.FloatValue(2.5))));
        assertEquals("- name: r1\n  weight: 1\n- name: r2\n  weight: 2.5\n",
                new String(store.emitValue(replicas), StandardCharsets.UTF_8));
        assertEquals("deep:\n    key: v\n", new String(store.emitValue(Mapping.of(new Pair("deep",
                Mapping.of(new Pair("key", new StrValue("v")))))), StandardCharsets.UTF_8));
    }
}
