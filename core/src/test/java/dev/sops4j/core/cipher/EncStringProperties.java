package dev.sops4j.core.cipher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
