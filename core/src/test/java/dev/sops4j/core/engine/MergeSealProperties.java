package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.merge.MergeResult;
import dev.sops4j.core.merge.TreeMerge;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What the git merge driver relies on: sealing a merge of ours and theirs with ours' decrypted file gives a file
 * whose MAC verifies, that decrypts to the merge, and in which every value ours did not change keeps ours'
 * ciphertext byte for byte.
 */
class MergeSealProperties {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final EncryptionSpec SPEC = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of("age1p")))),
            0, Optional.of(EncryptionRule.DEFAULT), false);

    @Property(tries = 100)
    void mergedFileVerifiesAndKeepsOursCiphertexts(@ForAll("values") List<String> values,
            @ForAll("changes") List<Integer> changes) {
        Sops4j sops = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of())).clock(CLOCK).build();
        Mapping base = Mapping.empty();
        for (int i = 0; i < values.size(); i++) {
            base = base.with("k" + i, new StrValue(values.get(i)));
        }
        Mapping ours = base;
        Mapping theirs = base;
        for (int i = 0; i < values.size(); i++) {
            int c = changes.get(i % changes.size());
            if (c == 1) {
                ours = ours.with("k" + i, new StrValue("ours-" + i));
            } else if (c == 2) {
                theirs = theirs.with("k" + i, new StrValue("theirs-" + i));
            }
        }
        EncryptedDocument baseDoc = sops.encrypt(List.of(base), SPEC, Format.YAML);
        EncryptedDocument oursDoc = edit(sops, baseDoc, ours);
        EncryptedDocument theirsDoc = edit(sops, baseDoc, theirs);
        try (DecryptedFile o = sops.decrypt(oursDoc, DecryptOptions.DEFAULTS);
                DecryptedFile t = sops.decrypt(theirsDoc, DecryptOptions.DEFAULTS)) {
            MergeResult m = TreeMerge.merge(List.of(base), o.branches(), t.branches());
            assertTrue(m.clean());
            EncryptedDocument merged = sops.reencrypt(o.withBranches(m.branches()));
            try (DecryptedFile check = sops.decrypt(merged, DecryptOptions.DEFAULTS)) {
                assertEquals(m.branches(), check.branches());
            }
            Mapping mergedPlain = m.branches().get(0);
            for (Pair p : ours.pairs()) {
                if (mergedPlain.get(p.key()).equals(Optional.of(p.value()))) {
                    assertEquals(oursDoc.branches().get(0).get(p.key()), merged.branches().get(0).get(p.key()),
                            p.key());
                }
            }
        }
    }

    private static EncryptedDocument edit(Sops4j sops, EncryptedDocument doc, Mapping to) {
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            return sops.reencrypt(f.withBranches(List.of(to)));
        }
    }

    @Provide
    Arbitrary<List<String>> values() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Integer>> changes() {
        return Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(6);
    }
}
