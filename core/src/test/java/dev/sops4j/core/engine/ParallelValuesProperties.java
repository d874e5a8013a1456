package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeySources;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Values encrypted and decrypted on several threads ({@code parallelMin(0)}) give the same bytes as the
 * one-thread walk ({@code parallelMin(MAX_VALUE)}): same ciphertexts and MAC from the same random stream, same
 * plaintexts, same IV stash (re-encryption), same first error.
 */
class ParallelValuesProperties {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final KeySources KEYS = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of())).build()
            .keySources();

    /** A reproducible random stream: the same seed gives the same data key and IVs. */
    private static final class SeededRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final Random random;

        SeededRandom(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public synchronized void nextBytes(byte[] out) {
            random.nextBytes(out);
        }
    }

    private static SopsEngine engine(long seed, boolean parallel) {
        return new SopsEngine(KEYS, CLOCK, new SeededRandom(seed)).parallelMin(parallel ? 0 : Integer.MAX_VALUE);
    }

    private static EncryptionSpec spec(boolean macOnly) {
        return new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of("age1p")))), 0,
                Optional.of(EncryptionRule.DEFAULT), macOnly);
    }

    @Property(tries = 150)
    void parallelAndSequentialPathsGiveTheSameBytes(@ForAll("trees") Mapping tree, @ForAll long seed,
            @ForAll boolean macOnly) {
        EncryptedDocument seq = engine(seed, false).encrypt(List.of(tree), spec(macOnly), Format.JSON);
        EncryptedDocument par = engine(seed, true).encrypt(List.of(tree), spec(macOnly), Format.JSON);
        assertEquals(seq.branches(), par.branches());
        assertEquals(seq.metadata(), par.metadata());

        SopsEngine seqEngine = engine(seed + 1, false);
        SopsEngine parEngine = engine(seed + 1, true);
        try (DecryptedFile s = seqEngine.decrypt(seq, DecryptOptions.DEFAULTS);
                DecryptedFile p = parEngine.decrypt(seq, DecryptOptions.DEFAULTS)) {
            assertEquals(s.branches(), p.branches());
            assertEquals(List.of(tree), p.branches());
            // The IV stash was filled in document order on both paths: re-encryption gives the same strings.
            EncryptedDocument again = parEngine.reencrypt(p);
            assertEquals(seqEngine.reencrypt(s).branches(), again.branches());
        }
    }

    @Property(tries = 100)
    void aTamperedValueFailsTheSameWayOnBothPaths(@ForAll("trees") Mapping tree, @ForAll long seed) {
        EncryptedDocument doc = engine(seed, false).encrypt(List.of(tree), spec(false), Format.JSON);
        EncryptedDocument tampered = new EncryptedDocument(List.of(tamper(doc.branches().get(0))), doc.metadata());
        net.jqwik.api.Assume.that(!tampered.branches().equals(doc.branches()));
        SopsException s = assertThrows(SopsException.class,
                () -> engine(seed, false).decrypt(tampered, DecryptOptions.DEFAULTS).close());
        SopsException p = assertThrows(SopsException.class,
                () -> engine(seed, true).decrypt(tampered, DecryptOptions.DEFAULTS).close());
        assertEquals(s.getClass(), p.getClass());
        assertEquals(s.getMessage(), p.getMessage());
    }

    /** Breaks the last ENC[...] data of the top level: every value before it still decrypts. */
    private static Mapping tamper(Mapping m) {
        List<dev.sops4j.core.tree.MapEntry> out = new ArrayList<>(m.entries());
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i) instanceof Pair p && p.value() instanceof StrValue s && s.value().startsWith("ENC[")) {
                out.set(i, new Pair(p.key(), new StrValue(s.value().replace("data:", "data:AAAA"))));
                break;
            }
        }
        return new Mapping(out);
    }

    @Provide
    Arbitrary<Mapping> trees() {
        // Repeated equal values under one path make the IV stash's "later value wins" observable.
        return new EngineProperties().trees().map(t -> {
            List<dev.sops4j.core.tree.MapEntry> entries = new ArrayList<>(t.entries());
            if (!t.containsKey("dup")) {
                entries.add(new Pair("dup", new Sequence(List.of(new StrValue("x"), new StrValue("x"),
                        new StrValue("y"), new StrValue("x")))));
            }
            return new Mapping(entries);
        });
    }
}
