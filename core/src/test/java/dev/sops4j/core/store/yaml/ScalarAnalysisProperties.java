package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The visible-ASCII shortcut must agree with the general analysis wherever it answers. */
class ScalarAnalysisProperties {

    @Property(tries = 3000)
    void shortcutAgreesWithGeneralAnalysis(@ForAll("scalars") String s) {
        ScalarAnalysis quick = ScalarAnalysis.ofVisibleAscii(s);
        if (quick != null) {
            assertEquals(ScalarAnalysis.ofAny(s), quick, s);
        }
        assertEquals(ScalarAnalysis.ofAny(s), ScalarAnalysis.of(s), s);
    }

    @Example
    void shortcutCoversEncryptedValuesAndDeclinesSpaces() {
        String enc = "ENC[AES256_GCM,data:q80=,iv:AAAA/+==,tag:BB==,type:str]";
        assertEquals(new ScalarAnalysis(false, false, true, true, true), ScalarAnalysis.ofVisibleAscii(enc));
        assertEquals(new ScalarAnalysis(false, false, false, true, true), ScalarAnalysis.ofVisibleAscii("-"));
        assertEquals(new ScalarAnalysis(false, false, false, true, true), ScalarAnalysis.ofVisibleAscii("a:"));
        assertNotNull(ScalarAnalysis.ofVisibleAscii("a#b"));
        assertNull(ScalarAnalysis.ofVisibleAscii("a b"));
        assertNull(ScalarAnalysis.ofVisibleAscii(""));
    }

    @Provide
    Arbitrary<String> scalars() {
        Arbitrary<Character> tricky = Arbitraries.of('-', '.', ':', '?', '#', ',', '[', ']', '{', '}', '&', '*', '!',
                '|', '>', '\'', '"', '%', '@', '`', ' ', '\t', '\n', 'a', 'Z', '0', '=', '/', '+', '\u0085', '\u00e9',
                '\u0000', '\u007f');
        Arbitrary<String> fromTricky = tricky.list().ofMaxSize(8)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
        return Arbitraries.oneOf(fromTricky, Arbitraries.strings().ascii().ofMaxLength(12),
                Arbitraries.strings().ofMaxLength(6));
    }
}
