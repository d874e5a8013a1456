package dev.sops4j.core.store.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataFlattenerTest {

    private static Pair s(String key, String value) {
        return new Pair(key, new StrValue(value));
    }

    private static final Mapping KEY_GROUPS = Mapping.of(
            new Pair("key_groups", Sequence.of(
                    Mapping.of(new Pair("age", Sequence.of()), new Pair("hc_vault", Sequence.of()),
                            new Pair("pgp", Sequence.of(Mapping.of(s("created_at", "2026-01-01T00:00:00Z"), s("enc", "x"),
                                    s("fp", "FBC7"))))),
                    Mapping.of(new Pair("age", Sequence.of(Mapping.of(s("enc", "a\nb\n"), s("recipient", "age1r")))),
                            new Pair("hc_vault", Sequence.of()),
                            new Pair("kms", Sequence.of(Mapping.of(s("arn", "arn:aws:kms:x"), s("aws_profile", ""),
                                    new Pair("context", Mapping.empty()))))))),
            s("lastmodified", "2026-01-01T00:00:00Z"),
            new Pair("mac_only_encrypted", new BoolValue(true)),
            new Pair("shamir_threshold", new IntValue(2)),
            new Pair("unset", NullValue.INSTANCE),
            s("version", "3.13.2"));

    @Test
    void flattensKeyGroupsInTreeOrderSkippingEmptiesAndNulls() {
        assertEquals(List.of(
                s("sops_key_groups__list_0__map_pgp__list_0__map_created_at", "2026-01-01T00:00:00Z"),
                s("sops_key_groups__list_0__map_pgp__list_0__map_enc", "x"),
                s("sops_key_groups__list_0__map_pgp__list_0__map_fp", "FBC7"),
                s("sops_key_groups__list_1__map_age__list_0__map_enc", "a\nb\n"),
                s("sops_key_groups__list_1__map_age__list_0__map_recipient", "age1r"),
                s("sops_key_groups__list_1__map_kms__list_0__map_arn", "arn:aws:kms:x"),
                s("sops_key_groups__list_1__map_kms__list_0__map_aws_profile", ""),
                s("sops_lastmodified", "2026-01-01T00:00:00Z"),
                s("sops_mac_only_encrypted", "true"),
                s("sops_shamir_threshold", "2"),
                s("sops_version", "3.13.2")), MetadataFlattener.flatten(KEY_GROUPS, "sops_"));
    }

    @Test
    void unflattenRebuildsEverythingButEmptiesAsStrings() {
        Mapping back = MetadataFlattener.unflatten(MetadataFlattener.flatten(KEY_GROUPS, ""));
        Mapping group0 = Mapping.of(new Pair("pgp", Sequence.of(Mapping.of(s("created_at", "2026-01-01T00:00:00Z"),
                s("enc", "x"), s("fp", "FBC7")))));
        Mapping group1 = Mapping.of(new Pair("age", Sequence.of(Mapping.of(s("enc", "a\nb\n"), s("recipient", "age1r")))),
                new Pair("kms", Sequence.of(Mapping.of(s("arn", "arn:aws:kms:x"), s("aws_profile", "")))));
        assertEquals(Mapping.of(new Pair("key_groups", Sequence.of(group0, group1)),
                s("lastmodified", "2026-01-01T00:00:00Z"), s("mac_only_encrypted", "true"),
                s("shamir_threshold", "2"), s("version", "3.13.2")), back);
    }

    @Test
    void unflattenKeepsFirstAppearanceOrderAndLastValue() {
        // the case of sops' TestUnflattenTreeBranch
        Mapping out = MetadataFlattener.unflatten(List.of(s("key1__list_0", "foo"), s("key2__list_0", "foo"),
                s("key2__list_1__map_foo", "bar"), s("key2__list_1__map_baz", "bam"), s("key3__map_foo", "bar"),
                s("key3__map_baz", "bam")));
        assertEquals(Mapping.of(
                new Pair("key1", Sequence.of(new StrValue("foo"))),
                new Pair("key2", Sequence.of(new StrValue("foo"), Mapping.of(s("foo", "bar"), s("baz", "bam")))),
                new Pair("key3", Mapping.of(s("foo", "bar"), s("baz", "bam")))), out);
        assertEquals(Mapping.of(new Pair("key1", Sequence.of(new StrValue("bar")))),
                MetadataFlattener.unflatten(List.of(s("key1__list_0", "foo"), s("key1__list_0", "bar"))));
    }

    @Test
    void listIndicesAreNumericNotTextual() {
        List<Pair> flat = new java.util.ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            flat.add(s("l__list_" + i, "v" + i));
        }
        Sequence l = (Sequence) MetadataFlattener.unflatten(flat).get("l").orElseThrow();
        assertEquals(new StrValue("v10"), l.items().get(10));
        assertEquals(12, l.items().size());
    }

    @Test
    void typeMismatchesAreReportedLikeSops() {
        MetadataException e1 = assertThrows(MetadataException.class,
                () -> MetadataFlattener.unflatten(List.of(s("key1__list_0", "foo"), s("key1__map_foo", "bar"))));
        assertEquals("Error while unflattening \"key1__map_foo\": Type mismatch: can only use string key for map",
                e1.getMessage());
        MetadataException e2 = assertThrows(MetadataException.class,
                () -> MetadataFlattener.unflatten(List.of(s("key1", "foo"), s("key1__list_0", "bar"))));
        assertEquals("Error while unflattening \"key1__list_0\": Type mismatch: can only use integer key for list",
                e2.getMessage());
        MetadataException e3 = assertThrows(MetadataException.class,
                () -> MetadataFlattener.unflatten(List.of(s("key1__map_a", "foo"), s("key1", "bar"))));
        assertEquals("Error while unflattening \"key1\": Type mismatch: a nested value cannot be replaced by a scalar",
                e3.getMessage());
    }

    @Test
    void listsNeedEveryIndexFromZero() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> MetadataFlattener.unflatten(List.of(s("pgp__list_1__map_fp", "x"))));
        assertEquals("Error while unflattening metadata: list \"pgp\" has no item 0", e.getMessage());
        MetadataException bad = assertThrows(MetadataException.class,
                () -> MetadataFlattener.unflatten(List.of(s("pgp__list_x", "x"))));
        assertEquals("Error while unflattening \"pgp__list_x\": list index \"x\" is not a number", bad.getMessage());
    }

    @Test
    void flatKeyCollisionIsAnError() {
        FormatException e = assertThrows(FormatException.class,
                () -> MetadataFlattener.flatten(Mapping.of(s("key1", "foo"), s("key1", "bar")), "prefix"));
        assertEquals("Found key collision \"prefixkey1\" while flattening", e.getMessage());
    }

    @Test
    void tokenizesLikeSops() {
        assertEquals(List.of("bar"), MetadataFlattener.tokenize("bar"));
        assertEquals(List.of("bar", 10, "baz"), MetadataFlattener.tokenize("bar__list_10__map_baz"));
        assertEquals(List.of("a_", "b"), MetadataFlattener.tokenize("a___map_b"));
    }
}
