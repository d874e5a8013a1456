package dev.sops4j.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** {@link AsciiScan}'s word-at-a-time answers against a byte loop, on mostly-plain text with rare specials. */
class AsciiScanProperties {

    @Provide
    Arbitrary<byte[]> text() {
        // printable ASCII with now and then any byte at all: long plain runs, and every special at every offset
        Arbitrary<Byte> plain = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7E);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(Tuple.of(30, plain), Tuple.of(1, any)).array(byte[].class).ofMaxSize(300);
    }

    @Property(tries = 2000)
    void firstNonAsciiIsTheFirstHighByte(@ForAll("text") byte[] a, @ForAll @IntRange(max = 20) int from) {
        int start = Math.min(from, a.length);
        int expected = a.length;
        for (int i = start; i < a.length; i++) {
            if (a[i] < 0) {
                expected = i;
                break;
            }
        }
        assertEquals(expected, AsciiScan.firstNonAscii(a, start, a.length));
    }

    @Property(tries = 2000)
    void firstJsonSpecialIsTheFirstByteJsonEscapes(@ForAll("text") byte[] a, @ForAll @IntRange(max = 20) int from,
            @ForAll boolean html) {
        int start = Math.min(from, a.length);
        int expected = a.length;
        for (int i = start; i < a.length; i++) {
            byte b = a[i];
            if (b < 0x20 || b == '"' || b == '\\' || html && (b == '<' || b == '>' || b == '&')) {
                expected = i;
                break;
            }
        }
        assertEquals(expected, AsciiScan.firstJsonSpecial(a, start, a.length, html));
    }

    @Property(tries = 2000)
    void indexOfFindsTheFirstOccurrence(@ForAll("text") byte[] a, @ForAll byte b) {
        int expected = a.length;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                expected = i;
                break;
            }
        }
        assertEquals(expected, AsciiScan.indexOf(a, b, 0, a.length));
    }
}
