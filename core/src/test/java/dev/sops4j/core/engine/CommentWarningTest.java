package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.metadata.EncryptionRule.Kind;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Comments are outside sops' MAC: one that does not decrypt is kept, with sops' warning (sops 3.13.2 prints
 * "Found possibly unencrypted comment in file. ..." and the comment; sops4j leaves the comment out).
 */
class CommentWarningTest {
    private final List<String> warnings = new ArrayList<>();
    private final Sops4j sops = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of()))
            .warnings(warnings::add).build();

    private EncryptedDocument encrypt(Mapping t, EncryptionRule rule) {
        return sops.encrypt(List.of(t), new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of("age1a")))),
                0, Optional.ofNullable(rule), false), Format.YAML);
    }

    private static EncryptedDocument replaceFirst(EncryptedDocument doc, MapEntry entry) {
        List<MapEntry> entries = new ArrayList<>(doc.branches().get(0).entries());
        entries.set(0, entry);
        return new EncryptedDocument(List.of(new Mapping(entries)), doc.metadata());
    }

    @Test
    void aCommentThatDoesNotDecryptIsKeptWithSopsWarning() {
        Mapping t = Mapping.of(new Comment(" top secret"), new Pair("a", new StrValue("1")));
        EncryptedDocument doc = encrypt(t, null);
        String enc = ((Comment) doc.branches().get(0).entries().get(0)).text();

        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(List.of(t), f.branches());
        }
        assertEquals(List.of(), warnings);

        // A clear comment planted in an encrypted file (the MAC does not cover comments).
        try (DecryptedFile f = sops.decrypt(replaceFirst(doc, new Comment(" planted")), DecryptOptions.DEFAULTS)) {
            assertEquals(new Comment(" planted"), f.branches().get(0).entries().get(0));
        }
        // An ENC[...] comment that does not authenticate.
        String tampered = enc.replaceFirst("data:[^,]*", "data:AAAA");
        try (DecryptedFile f = sops.decrypt(replaceFirst(doc, new Comment(tampered)), DecryptOptions.DEFAULTS)) {
            assertEquals(new Comment(tampered), f.branches().get(0).entries().get(0));
        }
        assertEquals(List.of(SopsEngine.UNENCRYPTED_COMMENT_WARNING, SopsEngine.UNENCRYPTED_COMMENT_WARNING),
                warnings);
        assertEquals("Found possibly unencrypted comment in file. This is to be expected if the file being"
                + " decrypted was created with an older version of SOPS.", warnings.get(0));
    }

    @Test
    void commentsLeftClearByTheRuleDoNotWarn() {
        Mapping t = Mapping.of(new Comment(" keep-clear"), new Pair("a", new StrValue("1")));
        EncryptedDocument doc = encrypt(t, new EncryptionRule(Kind.UNENCRYPTED_COMMENT_REGEX, "keep-clear"));
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(List.of(t), f.branches());
        }
        assertEquals(List.of(), warnings);
    }
}
