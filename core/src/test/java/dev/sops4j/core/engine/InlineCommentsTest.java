package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** sops keeps inline comments inline when encrypting (3.13+) but prints decrypted comments on their own line. */
class InlineCommentsTest {
    @Test
    void encryptionKeepsInlineAndDecryptionDropsIt() {
        Sops4j sops = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of())).build();
        Mapping tree = Mapping.of(new Pair("a", new StrValue("x")), new Comment(" note", true));
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of("age1p")))), 0,
                Optional.of(EncryptionRule.DEFAULT), false);
        EncryptedDocument doc = sops.encrypt(List.of(tree), spec, Format.YAML);
        Comment encrypted = (Comment) doc.branches().get(0).entries().get(1);
        assertTrue(encrypted.inline());
        assertTrue(encrypted.text().startsWith("ENC[AES256_GCM,"), encrypted.text());
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(new Comment(" note", false), f.branches().get(0).entries().get(1));
        }
    }
}
