package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec §5.5.3, every row (transcribed into {@code yaml/value-table.tsv}): the value sops' yaml.v3 gives the scalar
 * in {@code k: <input>}, the {@code type:} and plaintext sops would encrypt, and what {@code sops -d} writes back.
 */
class ValueTableTest {
    private final YamlStore store = new YamlStore(4);

    static Stream<Arguments> rows() throws IOException {
        try (var in = ValueTableTest.class.getResourceAsStream("/yaml/value-table.tsv");
                var r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in), StandardCharsets.UTF_8))) {
            List<String> lines = r.lines().filter(l -> !l.startsWith("#")).toList();
            return lines.stream().map(l -> l.split("\t", -1)).map(c -> Arguments.of(c[0], c[1], c[2], c[3]));
        }
    }

    @ParameterizedTest(name = "k: {0} -> {1} {2} / {3}")
    @MethodSource("rows")
    void row(String input, String type, String plaintext, String decrypted) {
        byte[] doc = ("k: " + input + "\n").getBytes(StandardCharsets.UTF_8);
        if (type.equals("ERROR")) {
            InputException e = assertThrows(InputException.class, () -> store.parsePlain(doc));
            if (plaintext.startsWith("Cannot walk")) {
                assertEquals("Error walking tree: " + plaintext, e.getMessage());
                assertEquals(ExitCode.ERROR_ENCRYPTING_TREE, e.exitCode());
            } else if (plaintext.startsWith("yaml: cannot decode")) {
                assertEquals("Error unmarshaling input YAML: " + plaintext, e.getMessage());
            } else {
                assertTrue(e.getMessage().startsWith("Error unmarshaling input YAML: yaml: line 1: "), e.getMessage());
            }
            assertTrue(!e.getMessage().contains("\n"));
            return;
        }
        Mapping m = store.parsePlain(doc).get(0);
        Node v = m.get("k").orElseThrow();
        assertEquals(type + " " + plaintext, sopsPlaintext(v));
        assertEquals("k: " + decrypted + "\n", new String(store.emitPlain(List.of(m)), StandardCharsets.UTF_8));
    }

    /** The type tag and plaintext sops' cipher would use ({@code CLEAR } for values it leaves alone). */
    static String sopsPlaintext(Node v) {
        if (v instanceof StrValue s) {
            return s.value().isEmpty() ? "CLEAR " : "str " + s.value();
        }
        if (v instanceof BytesValue b) {
            return "str " + new String(b.value(), StandardCharsets.ISO_8859_1);
        }
        if (v instanceof IntValue i) {
            return "int " + i.value();
        }
        if (v instanceof FloatValue f) {
            return "float " + GoFormat.formatFloatF(f.value());
        }
        if (v instanceof BoolValue b) {
            return "bool " + (b.value() ? "True" : "False");
        }
        if (v instanceof TimeValue t) {
            return "time " + GoFormat.formatTime(t.value());
        }
        if (v instanceof NullValue) {
            return "CLEAR ";
        }
        throw new AssertionError("not a scalar: " + v);
    }
}
