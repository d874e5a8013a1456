package dev.sops4j.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Utf8#isValid} (decoded through a window) against decoding the whole input at once. */
class Utf8Properties {

    private static boolean wholeDecode(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Property(tries = 300)
    void agreesWithAWholeDecode(@ForAll("inputs") byte[] input) {
        assertEquals(wholeDecode(input), Utf8.isValid(input));
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        // Valid text of every width across the 8 KiB window's edges, the same with one byte changed, and noise.
        Arbitrary<byte[]> text = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(0)
                .ofMaxLength(12_000).filter(s -> s.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff))
                .map(s -> (s + "😀é中").getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> broken = text.flatMap(b -> Arbitraries.integers().between(0, b.length - 1)
                .flatMap(i -> Arbitraries.bytes().map(v -> {
                    byte[] c = b.clone();
                    c[i] = v;
                    return c;
                })));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(20_000);
        return Arbitraries.oneOf(text, broken, noise);
    }
}
