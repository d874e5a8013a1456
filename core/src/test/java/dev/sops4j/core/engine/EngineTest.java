package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.cipher.AesGcmValueCipher;
import dev.sops4j.core.cipher.EncString;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FileAlreadyEncryptedException;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.metadata.EncryptionRule.Kind;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T20:17:54.123Z"), ZoneOffset.UTC);

    private static Sops4j sops(Set<String> unavailable) {
        return Sops4j.builder().keySource(TestKeySources.plainAge(unavailable)).clock(CLOCK).build();
    }

    private static EncryptionSpec spec(EncryptionRule rule, boolean macOnly, String... recipients) {
        List<KeyRef> keys = java.util.Arrays.stream(recipients).<KeyRef>map(AgeKeyRef::of).toList();
        return new EncryptionSpec(List.of(new KeyGroup(keys)), 0, Optional.ofNullable(rule), macOnly);
    }

    static Mapping sample() {
        return Mapping.of(
                new Comment(" top comment"),
                new Pair("a", new StrValue("x")),
                new Pair("b_unencrypted", Mapping.of(new Pair("c", new StrValue("y")),
                        new Pair("l", Sequence.of(new StrValue("z"), new IntValue(1))))),
                new Pair("n", NullValue.INSTANCE),
                new Pair("e", new StrValue("")),
                new Pair("list", Sequence.of(new StrValue("p"), new Comment(" in list"), new StrValue("q"))),
                new Pair("nested", Mapping.of(new Pair("deep", Mapping.of(
                        new Comment(" deep comment"), new Pair("v", new FloatValue(1.5)))))));
    }

    private static boolean isEnc(Node n) {
        return n instanceof StrValue s && s.value().startsWith("ENC[AES256_GCM,");
    }

    private static Node at(Mapping m, String... keys) {
        Node n = m;
        for (String k : keys) {
            n = ((Mapping) n).get(k).orElseThrow();
        }
        return n;
    }

    @Test
    void defaultRuleEncryptsAllButUnencryptedSuffixNullsAndEmptyStrings() {
        Sops4j sops = sops(Set.of());
        EncryptedDocument doc = sops.encrypt(List.of(sample()), spec(null, false, "age1a"), Format.JSON);
        Mapping enc = doc.branches().get(0);
        assertTrue(isEnc(at(enc, "a")));
        assertEquals(new StrValue("y"), at(enc, "b_unencrypted", "c"));
        assertEquals(Sequence.of(new StrValue("z"), new IntValue(1)), at(enc, "b_unencrypted", "l"));
        assertEquals(NullValue.INSTANCE, at(enc, "n"));
        assertEquals(new StrValue(""), at(enc, "e"));
        assertTrue(((Comment) enc.entries().get(0)).text().endsWith(",type:comment]"));
        Sequence list = (Sequence) at(enc, "list");
        assertTrue(((Comment) list.items().get(1)).text().startsWith("ENC["));
        assertTrue(((StrValue) at(enc, "nested", "deep", "v")).value().endsWith(",type:float]"));
        assertEquals(new StrValue("2026-11-22T20:17:54Z"), doc.metadata().get("lastmodified").orElseThrow());
        assertEquals(new StrValue(Sops4j.SOPS_VERSION), doc.metadata().get("version").orElseThrow());
        assertEquals(new StrValue("_unencrypted"), doc.metadata().get("unencrypted_suffix").orElseThrow());

        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(List.of(sample()), f.branches());
            // AADs: mapping keys joined by ':' plus ':'; lists add nothing; comments take their mapping's path.
            AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
            assertEquals(new StrValue("x"), c.decrypt(((StrValue) at(enc, "a")).value(), f.dataKey(), "a:"));
            assertEquals(new StrValue("q"), c.decrypt(((StrValue) list.items().get(2)).value(), f.dataKey(), "list:"));
            assertEquals(" in list", c.decryptComment(((Comment) list.items().get(1)).text(), f.dataKey(), "list:"));
            assertEquals(" top comment", c.decryptComment(((Comment) enc.entries().get(0)).text(), f.dataKey(), ":"));
            Mapping deep = (Mapping) at(enc, "nested", "deep");
            assertEquals(" deep comment",
                    c.decryptComment(((Comment) deep.entries().get(0)).text(), f.dataKey(), "nested:deep:"));
        }
    }

    @Test
    void suffixAndRegexRulesSelectSubtrees() {
        Sops4j sops = sops(Set.of());
        Mapping t = Mapping.of(new Pair("pw_enc", Mapping.of(new Pair("x", new StrValue("1")))),
                new Pair("name", new StrValue("n")), new Pair("token", new StrValue("t")));
        Mapping bySuffix = sops.encrypt(List.of(t), spec(new EncryptionRule(Kind.ENCRYPTED_SUFFIX, "_enc"), false,
                "age1a"), Format.JSON).branches().get(0);
        assertTrue(isEnc(at(bySuffix, "pw_enc", "x")));
        assertEquals(new StrValue("n"), at(bySuffix, "name"));
        Mapping byRegex = sops.encrypt(List.of(t), spec(new EncryptionRule(Kind.ENCRYPTED_REGEX, "^(tok|pw)"), false,
                "age1a"), Format.JSON).branches().get(0);
        assertTrue(isEnc(at(byRegex, "pw_enc", "x")));
        assertTrue(isEnc(at(byRegex, "token")));
        assertEquals(new StrValue("n"), at(byRegex, "name"));
        Mapping notRegex = sops.encrypt(List.of(t), spec(new EncryptionRule(Kind.UNENCRYPTED_REGEX, "am"), false,
                "age1a"), Format.JSON).branches().get(0);
        assertEquals(new StrValue("n"), at(notRegex, "name"));
        assertTrue(isEnc(at(notRegex, "token")));
    }

    @Test
    void commentRegexRulesUseTheActiveComments() {
        Sops4j sops = sops(Set.of());
        Mapping t = Mapping.of(new Comment(" sops:enc"), new Pair("secret", new StrValue("s")),
                new Pair("plain", new StrValue("p")),
                new Comment(" sops:enc"), new Pair("sub", Mapping.of(new Pair("x", new StrValue("1")))),
                new Comment(" other"), new Pair("after", new StrValue("a")));
        Mapping enc = sops.encrypt(List.of(t), spec(new EncryptionRule(Kind.ENCRYPTED_COMMENT_REGEX, "sops:enc"),
                false, "age1a"), Format.JSON).branches().get(0);
        assertEquals(new Comment(" sops:enc"), enc.entries().get(0));
        assertTrue(isEnc(at(enc, "secret")));
        assertEquals(new StrValue("p"), at(enc, "plain"));
        assertTrue(isEnc(at(enc, "sub", "x")));
        assertEquals(new Comment(" other"), enc.entries().get(5));
        assertEquals(new StrValue("a"), at(enc, "after"));

        Mapping clear = sops.encrypt(List.of(t), spec(new EncryptionRule(Kind.UNENCRYPTED_COMMENT_REGEX, "sops:enc"),
                false, "age1a"), Format.JSON).branches().get(0);
        assertEquals(new Comment(" sops:enc"), clear.entries().get(0));
        assertEquals(new StrValue("s"), at(clear, "secret"));
        assertTrue(isEnc(at(clear, "plain")));
        assertEquals(new StrValue("1"), at(clear, "sub", "x"));
        assertTrue(((Comment) clear.entries().get(5)).text().startsWith("ENC["));
        EncryptedDocument doc = sops.encrypt(List.of(t), spec(new EncryptionRule(Kind.UNENCRYPTED_COMMENT_REGEX,
                "sops:enc"), false, "age1a"), Format.JSON);
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(List.of(t), f.branches());
        }
    }

    @Test
    void unencryptedCommentRegexMustNotMatchEncryptedComments() {
        Mapping t = Mapping.of(new Comment(" note"), new Pair("k", new StrValue("v")));
        dev.sops4j.core.error.CryptoException e = assertThrows(dev.sops4j.core.error.CryptoException.class,
                () -> sops(Set.of()).encrypt(List.of(t), spec(new EncryptionRule(Kind.UNENCRYPTED_COMMENT_REGEX,
                        "AES256"), false, "age1a"), Format.JSON));
        assertEquals(ExitCode.ERROR_ENCRYPTING_TREE, e.exitCode());
        assertEquals("Error encrypting tree: an encrypted comment at \":\" matches unencrypted_comment_regex, so it"
                + " could not be decrypted again; use a regex that cannot match ENC[...] text", e.getMessage());
    }

    @Test
    void macOnlyEncryptedLeavesClearValuesOutOfTheMac() {
        Sops4j sops = sops(Set.of());
        EncryptedDocument onlyEnc = sops.encrypt(List.of(sample()), spec(null, true, "age1a"), Format.JSON);
        assertEquals(new dev.sops4j.core.tree.BoolValue(true),
                onlyEnc.metadata().get("mac_only_encrypted").orElseThrow());
        Mapping edited = ((Mapping) onlyEnc.branches().get(0)).with("b_unencrypted", new StrValue("changed"));
        try (DecryptedFile f = sops.decrypt(new EncryptedDocument(List.of(edited), onlyEnc.metadata()),
                DecryptOptions.DEFAULTS)) {
            assertEquals(new StrValue("changed"), f.branches().get(0).get("b_unencrypted").orElseThrow());
        }
        EncryptedDocument all = sops.encrypt(List.of(sample()), spec(null, false, "age1a"), Format.JSON);
        Mapping edited2 = ((Mapping) all.branches().get(0)).with("b_unencrypted", new StrValue("changed"));
        MacMismatchException e = assertThrows(MacMismatchException.class, () -> sops.decrypt(
                new EncryptedDocument(List.of(edited2), all.metadata()), DecryptOptions.DEFAULTS));
        assertEquals("MAC mismatch. The MAC stored in the file does not match the one computed from its values",
                e.getMessage());
        assertEquals(ExitCode.MAC_MISMATCH, e.exitCode());
    }

    @Test
    void emptyMacIsAMismatchUnlessIgnored() {
        Sops4j sops = sops(Set.of());
        EncryptedDocument doc = sops.encrypt(List.of(sample()), spec(null, false, "age1a"), Format.JSON);
        EncryptedDocument noMac = new EncryptedDocument(doc.branches(), doc.metadata().with("mac", new StrValue("")));
        MacMismatchException e = assertThrows(MacMismatchException.class,
                () -> sops.decrypt(noMac, DecryptOptions.DEFAULTS));
        assertEquals("MAC mismatch. File has no MAC", e.getMessage());
        try (DecryptedFile f = sops.decrypt(noMac, new DecryptOptions(true, DecryptOptions.DEFAULT_ORDER))) {
            assertEquals(List.of(sample()), f.branches());
        }
    }

    @Test
    void plaintextWithTopLevelSopsKeyIsAlreadyEncrypted() {
        FileAlreadyEncryptedException e = assertThrows(FileAlreadyEncryptedException.class, () -> sops(Set.of())
                .encrypt(List.of(Mapping.of(new Pair("sops", Mapping.empty()))), spec(null, false, "age1a"),
                        Format.JSON));
        assertEquals(ExitCode.FILE_ALREADY_ENCRYPTED, e.exitCode());
        assertEquals("File already encrypted: the input has a top-level 'sops' key", e.getMessage());
    }

    @Test
    void binaryFormatStoresNoRule() {
        EncryptedDocument doc = sops(Set.of()).encrypt(List.of(Mapping.of(new Pair("data", new StrValue("blob")))),
                spec(new EncryptionRule(Kind.ENCRYPTED_REGEX, "nothing"), false, "age1a"), Format.BINARY);
        assertTrue(isEnc(at(doc.branches().get(0), "data")));
        for (Kind k : Kind.values()) {
            assertFalse(doc.metadata().containsKey(k.metadataKey()), k.metadataKey());
        }
    }

    @Test
    void shamirGroupsNeedThresholdManyGroups() {
        List<KeyGroup> groups = List.of(new KeyGroup(List.of(AgeKeyRef.of("g1"))),
                new KeyGroup(List.of(AgeKeyRef.of("g2a"), AgeKeyRef.of("g2b"))),
                new KeyGroup(List.of(AgeKeyRef.of("g3"))));
        EncryptedDocument doc = sops(Set.of()).encrypt(List.of(sample()),
                new EncryptionSpec(groups, 2, Optional.empty(), false), Format.JSON);
        assertEquals(new IntValue(2), doc.metadata().get("shamir_threshold").orElseThrow());
        try (DecryptedFile f = sops(Set.of("g1", "g2a")).decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(List.of(sample()), f.branches());
        }
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                () -> sops(Set.of("g1", "g2a", "g2b")).decrypt(doc, DecryptOptions.DEFAULTS));
        assertEquals("Failed to get the data key required to decrypt the SOPS file. No identity matched\n"
                + "Group 0: FAILED (age g1). Group 1: FAILED (age g2a; age g2b). Group 2: SUCCESS\n"
                + "Recovery failed because the file was encrypted with a Shamir threshold of 2, but only 1 part(s)"
                + " were successfully recovered", e.getMessage());
        assertEquals(3, e.getSuppressed().length);
    }

    @Test
    void singleGroupFailureNamesEveryKey() {
        EncryptedDocument doc = sops(Set.of()).encrypt(List.of(sample()), spec(null, false, "age1a", "age1b"),
                Format.JSON);
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                () -> sops(Set.of("age1a", "age1b")).decrypt(doc, DecryptOptions.DEFAULTS));
        assertEquals("Failed to get the data key required to decrypt the SOPS file. No identity matched\n"
                + "Group 0: FAILED (age age1a; age age1b)", e.getMessage());
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
    }

    @Test
    void decryptionOrderSortsByTypeThenKeepsFileOrder() {
        KeyRef kms = new KmsKeyRef("arn:1", null, null, null, null, null);
        KeyRef pgp = new PgpKeyRef("F", null, null);
        KeyRef age1 = AgeKeyRef.of("a1");
        KeyRef nexus = new NexusKeyRef("n", null, null);
        KeyRef age2 = AgeKeyRef.of("a2");
        assertEquals(List.of(age1, age2, pgp, kms, nexus),
                DataKeys.ordered(List.of(kms, pgp, age1, nexus, age2), List.of("age", "pgp")));
        assertEquals(List.of(nexus, kms, pgp, age1, age2),
                DataKeys.ordered(List.of(kms, pgp, age1, nexus, age2), List.of("nexus")));
    }

    @Test
    void decryptionOrderDecidesWhichKeyIsAskedFirst() {
        Sops4j writer = sops(Set.of());
        EncryptedDocument doc = writer.encrypt(List.of(sample()), spec(null, false, "age1a"), Format.JSON);
        // Put a PGP key before the age key in the same group; it "unwraps" to the same data key.
        byte[] key;
        try (DecryptedFile f = writer.decrypt(doc, DecryptOptions.DEFAULTS)) {
            key = f.dataKey().copy();
        }
        Mapping md = doc.metadata().with("pgp", Sequence.of(Mapping.of(new Pair("fp", new StrValue("FP")),
                new Pair("created_at", new StrValue("c")), new Pair("enc", new StrValue("e")))));
        EncryptedDocument both = new EncryptedDocument(doc.branches(), md);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        String hex = java.util.HexFormat.of().formatHex(key);
        var pgp = TestKeySources.pgpKnownDataKey(hex);
        var age = TestKeySources.plainAge(Set.of());
        Sops4j reader = Sops4j.builder()
                .keySource(recording("pgp", pgp, calls)).keySource(recording("age", age, calls)).build();
        try (DecryptedFile f = reader.decrypt(both, DecryptOptions.DEFAULTS)) {
            assertEquals(List.of("age"), calls);
        }
        calls.clear();
        try (DecryptedFile f = reader.decrypt(both, new DecryptOptions(false, List.of("pgp", "age")))) {
            assertEquals(List.of("pgp"), calls);
        }
    }

    private static <R extends KeyRef> dev.sops4j.core.keys.KeySource<R> recording(String name,
            dev.sops4j.core.keys.KeySource<R> inner, List<String> calls) {
        return new dev.sops4j.core.keys.KeySource<>() {
            @Override
            public Class<R> refType() {
                return inner.refType();
            }

            @Override
            public R wrap(R ref, dev.sops4j.core.secret.SecretBytes secret) {
                return inner.wrap(ref, secret);
            }

            @Override
            public dev.sops4j.core.secret.SecretBytes unwrap(R ref) {
                calls.add(name);
                return inner.unwrap(ref);
            }
        };
    }

    @Test
    void ivStashIsSafeUnderConcurrentUse() {
        Sops4j sops = sops(Set.of());
        EncryptedDocument doc = sops.encrypt(List.of(sample()), spec(null, false, "age1a"), Format.JSON);
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            List<EncryptedDocument> again = java.util.stream.IntStream.range(0, 16).parallel()
                    .mapToObj(i -> sops.reencrypt(f)).toList();
            for (EncryptedDocument d : again) {
                assertEquals(doc.branches(), d.branches());
            }
        }
    }

    @Test
    void rotateChangesTheKeyButKeepsIvs() {
        Sops4j sops = sops(Set.of());
        EncryptedDocument doc = sops.encrypt(List.of(sample()), spec(null, false, "age1a"), Format.JSON);
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            EncryptedDocument rotated = sops.rotate(f, List.of(new KeyGroup(List.of(AgeKeyRef.of("age1z")))), 0);
            String before = ((StrValue) at(doc.branches().get(0), "a")).value();
            String after = ((StrValue) at(rotated.branches().get(0), "a")).value();
            assertNotEquals(before, after);
            assertEquals(EncString.parse(before).orElseThrow().iv(), EncString.parse(after).orElseThrow().iv());
            try (DecryptedFile g = sops.decrypt(rotated, DecryptOptions.DEFAULTS)) {
                assertEquals(List.of(sample()), g.branches());
                assertFalse(g.dataKey().sameAs(f.dataKey()));
            }
        }
    }

    @Test
    void rewrapKeepsValuesLastModifiedAndMac() {
        Sops4j sops = sops(Set.of());
        EncryptedDocument doc = sops.encrypt(List.of(sample()), spec(null, false, "age1a"), Format.JSON);
        EncryptedDocument rewrapped = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of()))
                .clock(Clock.systemUTC()).build().rewrap(doc, DecryptOptions.DEFAULTS,
                        List.of(new KeyGroup(List.of(AgeKeyRef.of("age1b"), AgeKeyRef.of("age1c")))), 0);
        assertEquals(doc.branches(), rewrapped.branches());
        assertEquals(doc.metadata().get("mac"), rewrapped.metadata().get("mac"));
        assertEquals(doc.metadata().get("lastmodified"), rewrapped.metadata().get("lastmodified"));
        Sequence age = (Sequence) rewrapped.metadata().get("age").orElseThrow();
        assertEquals(2, age.items().size());
        try (DecryptedFile f = sops(Set.of("age1a", "age1b")).decrypt(rewrapped, DecryptOptions.DEFAULTS)) {
            assertEquals(List.of(sample()), f.branches());
        }
    }

    @Test
    void facadeEncryptsAndDecryptsFileBytes() {
        Sops4j sops = sops(Set.of());
        byte[] plain = "{\"user\": \"admin\", \"port\": 8080}".getBytes(StandardCharsets.UTF_8);
        byte[] enc = sops.encrypt(plain, Format.JSON, spec(null, false, "age1a"));
        try (DecryptedFile f = sops.decrypt(enc, Format.JSON, DecryptOptions.DEFAULTS)) {
            assertEquals("{\n\t\"user\": \"admin\",\n\t\"port\": 8080\n}\n",
                    new String(sops.store(Format.JSON).emitPlain(f.branches()), StandardCharsets.UTF_8));
            try (DecryptedFile g = sops.decrypt(sops.store(Format.JSON).parseEncrypted(enc),
                    dev.sops4j.core.secret.SecretBytes.copyOf(f.dataKey().copy()), DecryptOptions.DEFAULTS)) {
                assertEquals(f.branches(), g.branches());
            }
        }
        assertEquals(ExitCode.FILE_ALREADY_ENCRYPTED, assertThrows(FileAlreadyEncryptedException.class,
                () -> sops.encrypt(enc, Format.JSON, spec(null, false, "age1a"))).exitCode());
    }

    @Test
    void encryptedJsonFileReadsBackThroughTheStore() {
        Sops4j sops = sops(Set.of());
        var store = sops.store(Format.JSON);
        EncryptedDocument doc = sops.encrypt(store.parsePlain("{\"k\": 1, \"f\": 2.5, \"s\": \"<x>\"}"
                .getBytes(StandardCharsets.UTF_8)), spec(null, false, "age1a"), Format.JSON);
        byte[] file = store.emitEncrypted(doc.branches(), doc.metadata());
        try (DecryptedFile f = sops.decrypt(store.parseEncrypted(file), DecryptOptions.DEFAULTS)) {
            assertEquals("{\n\t\"k\": 1,\n\t\"f\": 2.5,\n\t\"s\": \"\\u003cx\\u003e\"\n}\n",
                    new String(store.emitPlain(f.branches()), StandardCharsets.UTF_8));
        }
    }
}
