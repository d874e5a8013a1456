package dev.sops4j.core.keys.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words sops 3.13.2 passes to the key command (observed with the real binary and an argument printer). */
class KeyCommandTest {

    private static List<String> split(String command) throws KeyCommand.SplitException {
        return KeyCommand.split(command);
    }

    @Test
    void splitsLikeSops() throws Exception {
        assertEquals(List.of("show", "a", "b"), split("show a b"));
        assertEquals(List.of("show", "a b", "c d", "e f"), split("show 'a b' \"c d\" e\\ f"));
        assertEquals(List.of("show", "x\"y", "its", "a$b", "anb"), split("show \"x\\\"y\" 'it''s' \"a\\$b\" \"a\\nb\""));
        assertEquals(List.of("show", "a#b"), split("show a#b #comment"));
        assertEquals(List.of("show", "a;touch", "PWN"), split("show a;touch PWN"));
        assertEquals(List.of("show", "a=b", "c:d", "~/x", "$HOME", "*.txt", ">out"),
                split("show a=b c:d ~/x $HOME *.txt >out"));
        assertEquals(List.of("show", "\u00e9", "\u00fc"), split("show \u00e9 \u00fc"));
        assertEquals(List.of("show", "spaced"), split("  show   spaced  "));
        assertEquals(List.of("a", "b"), split("a # c\nb"));
        assertEquals(List.of(), split("   "));
        assertEquals(List.of(""), split("''"));
    }

    @Test
    void errorsAreShlexs() {
        assertEquals("EOF found when expecting closing quote",
                assertThrows(KeyCommand.SplitException.class, () -> split("show 'unclosed")).getMessage());
        assertEquals("EOF found when expecting closing quote",
                assertThrows(KeyCommand.SplitException.class, () -> split("show \"unclosed")).getMessage());
        assertEquals("EOF found after escape character",
                assertThrows(KeyCommand.SplitException.class, () -> split("show trail\\")).getMessage());
    }
}
