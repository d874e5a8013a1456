package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sops4j.core.error.InputException;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.StrValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

class LinearReaderTest {

    /** Every event, its value and both marks (index, line, column), or the error, as SnakeYAML's reader gives. */
    private static List<String> trace(StreamReader reader) {
        LoaderOptions o = new LoaderOptions();
        o.setProcessComments(true);
        o.setAllowDuplicateKeys(true);
        o.setCodePointLimit(Integer.MAX_VALUE);
        List<String> out = new ArrayList<>();
        try {
            ParserImpl p = new ParserImpl(reader, o);
            while (p.peekEvent() != null) {
                Event e = p.getEvent();
                String value = e instanceof ScalarEvent s ? s.getValue() : "";
                out.add(e.getEventId() + " " + value + " " + e.getStartMark().getIndex() + ":"
                        + e.getStartMark().getLine() + ":" + e.getStartMark().getColumn() + "-"
                        + e.getEndMark().getIndex() + ":" + e.getEndMark().getLine() + ":"
                        + e.getEndMark().getColumn());
            }
        } catch (YAMLException e) {
            out.add("error " + e.getClass().getSimpleName() + " " + e.getMessage().lines().findFirst().orElse(""));
        }
        return out;
    }

    private static String longLine(String unit, int chars) {
        return unit.repeat(chars / unit.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a: 1\nb: [x, y]\nc: {d: e}\n",
        "k: v\r\nl: w\r\n# c\r\nm: \"x\\ny\"\r\n",
        "\uFEFFa: 1\n",
        "a: \u0085b\u2028c\u2029: d\n",
        "emoji: \uD83D\uDE00\uD83D\uDE01 # \uD83D\uDE02\nnext: \u00e9\n",
        "a: |\n  line one\n  line two\n\nb: >-\n  folded\n  text\n",
        "- a\n- - b\n  - c\n- {x: y}\n",
        "a: b\u0001c\n",
        "a: [b\n",
        "anchor: &x {a: 1}\nalias: *x\n",
        "%YAML 1.1\n---\na: 1\n...\n---\nb: 2\n",
    })
    void sameEventsAndMarksAsSnakeYaml(String yaml) {
        assertEquals(trace(new StreamReader(new StringReader(yaml))), trace(new LinearReader(yaml)));
    }

    @Test
    void sameAcrossRefillBoundariesAndSurrogatePairs() {
        // Scalars and comments that straddle SnakeYAML's 1,023-character refills, a surrogate pair at the edge,
        // and a control character far into the text (reported when its chunk is read, as SnakeYAML does).
        String yaml = "a: " + longLine("x", 1018) + "\uD83D\uDE00 tail\nb: '" + longLine("q r", 3000) + "'\n"
                + "c: \"" + longLine("\\t\u00e9", 2500) + "\"\n# " + longLine("c", 2100) + "\nd: |\n  "
                + longLine("z", 5000) + "\n";
        assertEquals(trace(new StreamReader(new StringReader(yaml))), trace(new LinearReader(yaml)));
        String bad = yaml + "e: " + longLine("y", 1500) + "\u0007\n";
        List<String> expected = trace(new StreamReader(new StringReader(bad)));
        assertEquals(expected, trace(new LinearReader(bad)));
        assertEquals("error ReaderException special characters are not allowed", expected.get(expected.size() - 1));
    }

    @Test
    void printableAsciiFastPathGivesTheSameEventsAndMarks() {
        // The byte-by-byte path (no per-character checks) for the usual sops file: long lines across refills,
        // CRLF, comments, block scalars, flow collections, an error at the end.
        List<String> texts = List.of(
                "a: 1\nb: [x, y]\nc: {d: e}\n",
                "k: v\r\nl: w\r\n# c\r\nm: \"x\\ny\"\r\n\tq: 1\n",
                "a: " + longLine("x", 1018) + " tail\nb: '" + longLine("q r", 3000) + "'\n# " + longLine("c", 2100)
                        + "\nd: |\n  " + longLine("z", 5000) + "\n- x\n",
                "%YAML 1.1\n---\na: &x {a: 1}\nb: *x\n...\n---\nc: [d\n");
        for (String yaml : texts) {
            byte[] bytes = yaml.getBytes(StandardCharsets.US_ASCII);
            assertEquals(true, LinearReader.isPrintableAscii(bytes));
            assertEquals(trace(new StreamReader(new StringReader(yaml))), trace(new LinearReader(yaml, bytes)));
        }
        for (String notAscii : List.of("a: b\u0001c\n", "a: \u00e9\n", "a: \u007f\n", "\uFEFFa: 1\n")) {
            assertEquals(false, LinearReader.isPrintableAscii(notAscii.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void errorsCarryNoFileContent() {
        String secret = "hunter2SECRET";
        InputException e = assertThrows(InputException.class, () -> new YamlStore(0)
                .parsePlain(("password: [" + secret + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("Error unmarshaling input YAML: yaml: line 2: expected ',' or ']', but got <stream end>",
                e.getMessage());
    }

    /** A hang guard only (the timing is measured in bench/long-scalar.py): 16 MiB took 68 s before. */
    @Test
    void oneLongScalarParsesAtOnce() {
        String value = "a".repeat(16 << 20);
        byte[] input = ("key: " + value + "\n").getBytes(StandardCharsets.US_ASCII);
        List<Mapping> docs = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new YamlStore(0).parsePlain(input));
        assertEquals(new StrValue(value), docs.get(0).get("key").orElseThrow());
    }
}
