package dev.sops4j.core.store.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JSON syntax errors worded as the real sops 3.13.2 prints them (each message below was taken from the binary,
 * {@code sops encrypt} of the input; {@code decrypt} prints the same text): at most one character of the file,
 * never the token, so a secret typed without quotes does not reach a CI log.
 */
class GoJsonSyntaxTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"password\": hunter2SECRET}|invalid character 'h' looking for beginning of value",
        "{\"a\": \"unterminated|unexpected EOF",
        "{\"a\" 1}|invalid character '1' after object key",
        "{\"a\": 1,}|invalid character '}' looking for beginning of object key string",
        "{\"a\": [1 2]}|invalid character '2' after array element",
        "{\"a\": tru}|invalid character '}' in literal true (expecting 'e')",
        "{\"a\": 01}|invalid character '1' after object key:value pair",
        "{\"a\": \"\\x\"}|invalid character 'x' in string escape code",
        "{\"a\": \"b\u0001c\"}|invalid character '\\x01' in string literal",
        "{\"a\": -}|invalid character '}' in numeric literal",
        "{\"a\": 1.e5}|invalid character 'e' after decimal point in numeric literal",
        "{\"a\": nulx}|invalid character 'x' in literal null (expecting 'l')",
    })
    void sopsWordsTheError(String input, String message) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        assertEquals(message, GoJsonSyntax.firstError(bytes).orElseThrow());
        JsonStore store = new JsonStore(-1);
        InputException plain = assertThrows(InputException.class, () -> store.parsePlain(bytes));
        assertEquals("Could not unmarshal input data: " + message, plain.getMessage());
        assertEquals(ExitCode.COULD_NOT_READ_INPUT_FILE, plain.exitCode());
        InputException enc = assertThrows(InputException.class, () -> store.parseEncrypted(bytes));
        assertEquals("Could not unmarshal input data: " + message, enc.getMessage());
        assertEquals(ExitCode.GENERIC, enc.exitCode());
        assertFalse(plain.getMessage().contains("hunter2"), plain.getMessage());
        assertEquals(null, plain.getCause());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\": [1, {\"b\": [true, false, null, -0.5e+3, \"\\u00e9\\n\"]}]}",
        "{}",
        "{\"a\": 1} trailing is not read",
    })
    void wellFormedDocumentsHaveNoError(String input) {
        assertEquals(java.util.Optional.empty(), GoJsonSyntax.firstError(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** sops (Go) has no limit on a key's or a number's length; the parser's defaults (50,000 / 1,000) are lifted. */
    @org.junit.jupiter.api.Test
    void noLengthLimitsSopsDoesNotHave() {
        String key = "k".repeat(60_000);
        String number = "1." + "0".repeat(2000) + "1";
        var tree = new JsonStore(-1).parsePlain(("{\"" + key + "\": " + number + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(new dev.sops4j.core.tree.FloatValue(Double.parseDouble(number)),
                tree.get(0).get(key).orElseThrow());
    }
}
