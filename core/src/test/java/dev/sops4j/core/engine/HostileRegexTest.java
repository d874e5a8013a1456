package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.cipher.EncString;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.metadata.EncryptionRule.Kind;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Regexes from files and configs run with Go's syntax in linear time (issue: backtracking regexes). */
class HostileRegexTest {
    private static final String EVIL = "(.*a){25}$";
    private static final String KEY = "a".repeat(40) + "b";

    private static EncryptionSpec spec(EncryptionRule rule) {
        return new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of("age1a")))), 0, Optional.of(rule),
                false);
    }

    @Test
    void everyRegexRuleAnswersAtOnce() {
        for (Kind kind : List.of(Kind.ENCRYPTED_REGEX, Kind.UNENCRYPTED_REGEX, Kind.ENCRYPTED_COMMENT_REGEX,
                Kind.UNENCRYPTED_COMMENT_REGEX)) {
            EncryptionPolicy p = new EncryptionPolicy(new EncryptionRule(kind, EVIL));
            boolean encrypt = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> p.shouldEncrypt(List.of(KEY), List.of(List.of(KEY)), false));
            assertEquals(kind != Kind.ENCRYPTED_REGEX && kind != Kind.ENCRYPTED_COMMENT_REGEX, encrypt, kind.name());
        }
    }

    @Test
    void aFileWithTheEvilRegexDecryptsAtOnce() {
        Sops4j sops = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of())).build();
        Mapping t = Mapping.of(new Pair(KEY, new StrValue("v")), new Pair("a".repeat(30), new StrValue("w")));
        EncryptedDocument doc = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> sops.encrypt(List.of(t), spec(new EncryptionRule(Kind.ENCRYPTED_REGEX, EVIL)), Format.YAML));
        assertEquals(new StrValue("v"), doc.branches().get(0).get(KEY).orElseThrow());
        try (DecryptedFile f = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> sops.decrypt(doc, DecryptOptions.DEFAULTS))) {
            assertEquals(List.of(t), f.branches());
        }
    }

    /** sops ignores a regex Go cannot compile when it reads a file: it matches nothing. */
    @Test
    void anInvalidRegexInAFileMatchesNothing() {
        EncryptionPolicy enc = new EncryptionPolicy(new EncryptionRule(Kind.ENCRYPTED_REGEX, "\\Z"));
        assertFalse(enc.shouldEncrypt(List.of("k"), List.of(), false));
        EncryptionPolicy unenc = new EncryptionPolicy(new EncryptionRule(Kind.UNENCRYPTED_REGEX, "a++"));
        assertTrue(unenc.shouldEncrypt(List.of("aa"), List.of(), false));
    }

    /** A new file refuses it (sops would leave every value in clear), naming Go's error. */
    @Test
    void aNewFileRefusesAnInvalidRegex() {
        Sops4j sops = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of())).build();
        MetadataException e = assertThrows(MetadataException.class, () -> sops.encrypt(
                List.of(Mapping.of(new Pair("k", new StrValue("v")))),
                spec(new EncryptionRule(Kind.ENCRYPTED_REGEX, "(")), Format.YAML));
        assertEquals("invalid encrypted_regex '(': missing closing )", e.getMessage());
    }

    /** A value shaped to make sops' ENC[...] expression backtrack is parsed at once. */
    @Test
    void encStringParsingIsLinear() {
        String hostile = "ENC[AES256_GCM,data:" + ",iv:,tag:,type:".repeat(3000) + "\r";
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> EncString.parse(hostile)).isEmpty());
        assertEquals(Optional.of(new EncString("a\rb", "c", "d", "str")),
                EncString.parse("ENC[AES256_GCM,data:a\rb,iv:c,tag:d,type:str]"));
    }
}
