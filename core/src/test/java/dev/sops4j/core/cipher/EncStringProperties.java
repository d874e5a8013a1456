package dev.sops4j.core.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The quick ENC[...] parser must give what the reference regex gives whenever it answers. */
class EncStringProperties {

    @Property(tries = 3000)
    void quickParseAgreesWithRegex(@ForAll("encLike") String s) {
        EncString quick = EncString.parseSimple(s);
        Optional<EncString> reference = EncString.parseRegex(s);
        if (quick != null) {
            assertEquals(reference, Optional.of(quick), s);
        }
        assertEquals(reference, EncString.parse(s), s);
    }

    @Property(tries = 3000)
    void locatedCutsAreTheQuickParsesCuts(@ForAll("encLike") String s) {
        EncString.Cuts cuts = EncString.locate(s);
        if (cuts != null && s.substring(EncString.Cuts.DATA, cuts.iv()).matches("[A-Za-z0-9+/=]*")) {
            EncString quick = EncString.parseSimple(s);
            assertNotNull(quick, s);
            assertEquals(quick, new EncString(s.substring(EncString.Cuts.DATA, cuts.iv()),
                    s.substring(cuts.iv() + 4, cuts.tag()), s.substring(cuts.tag() + 5, cuts.type()),
                    s.substring(cuts.type() + 6, s.length() - 1)), s);
        }
    }

    @Example
    void locateTakesTheUsualForm() {
        assertNotNull(EncString.locate("ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]"));
    }

    @Property(tries = 5000)
    void rangeDecoderAgreesWithJavasDecoderWheneverItAnswers(@ForAll("base64Like") String b, @ForAll("pad") String pad) {
        String s = pad + b + pad;
        int from = pad.length();
        int to = from + b.length();
        byte[] reference = null;
        try {
            reference = b.length() % 4 == 0 ? Base64.getDecoder().decode(b) : null;
        } catch (IllegalArgumentException refused) {
            // null: refused
        }
        int length = Base64Range.decodedLength(s, from, to);
        if (length < 0) {
            return;
        }
        byte[] out = new byte[length + 2];
        if (Base64Range.decode(s, from, to, out, 1)) {
            assertNotNull(reference, b);
            assertEquals(HexFormat.of().formatHex(reference),
                    HexFormat.of().formatHex(Arrays.copyOfRange(out, 1, 1 + length)), b);
        }
    }

    @Property(tries = 2000)
    void rangeDecoderTakesEveryEncoding(@ForAll byte[] bytes) {
        String s = "x" + Base64.getEncoder().encodeToString(bytes) + "y";
        byte[] out = new byte[bytes.length];
        assertEquals(bytes.length, Base64Range.decodedLength(s, 1, s.length() - 1));
        assertTrue(Base64Range.decode(s, 1, s.length() - 1, out, 0));
        assertArrayEquals(bytes, out);
    }

    @Property(tries = 2000)
    void oneArrayFormatIsTheReferenceFormat(@ForAll byte[] data, @ForAll("tags") byte[] tag, @ForAll byte[] iv,
            @ForAll("types") String type) {
        byte[] sealed = Arrays.copyOf(data, data.length + tag.length);
        System.arraycopy(tag, 0, sealed, data.length, tag.length);
        assertEquals(EncString.of(data, iv, tag, type).format(), EncString.format(sealed, tag.length, iv, type));
    }

    @Provide
    Arbitrary<byte[]> tags() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(20);
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("str", "int", "float", "bool", "time", "comment", "bytes");
    }

    @Provide
    Arbitrary<String> base64Like() {
        return Arbitraries.strings().withChars("ABZaz09+/=-_ \n\u00e9").ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> pad() {
        return Arbitraries.of("", "=", "A", ",");
    }

    @Example
    void quickParseTakesTheUsualForm() {
        assertNotNull(EncString.parseSimple("ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]"));
    }

    @Provide
    Arbitrary<String> encLike() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab=+/]\n\r,:").ofMaxLength(4),
                Arbitraries.of(",iv:", ",tag:", ",type:", "]", "", "\u2028", "x"));
        Arbitrary<String> head = Arbitraries.of("ENC[AES256_GCM,data:", "ENC[AES256_GCM,data", "enc[");
        Arbitrary<String> tail = Arbitraries.of("]", "", "]x", "]\n", "\n]");
        return Combinators.combine(head, part, part, part, part, tail,
                Arbitraries.of(",iv:", ",iv", ""), Arbitraries.of(",tag:", ""))
                .as((h, a, b, c, d, t, iv, tag) -> h + a + iv + b + tag + c + ",type:" + d + t);
    }
}
