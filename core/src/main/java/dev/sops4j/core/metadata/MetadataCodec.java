package dev.sops4j.core.metadata;

import static dev.sops4j.core.metadata.WeakFields.get;
import static dev.sops4j.core.metadata.WeakFields.mappings;
import static dev.sops4j.core.metadata.WeakFields.string;

import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.AzureKvKeyRef;
import dev.sops4j.core.keys.GcpKmsKeyRef;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.keys.HckmsKeyRef;
import dev.sops4j.core.keys.KeyFields;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.keys.UnknownKeyRef;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads every metadata layout sops 3.3 to 3.13 wrote (struct order, {@code kms: []}/{@code null} lists,
 * alphabetical; weakly typed scalars from dotenv/INI; unknown fields ignored) and writes the 3.13 layout,
 * alphabetical at every level.
 */
public final class MetadataCodec {
    /** Key list names in the order sops loads them into a group; {@code nexus} is sops4j's own. */
    private static final List<String> KEY_TYPES =
            List.of("kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age", "nexus");
    private static final Set<String> NOT_KEY_LISTS = Set.of("key_groups");
    /** How each key type sops4j has a source for is read; any other type is kept verbatim as UnknownKeyRef. */
    private static final Map<String, Function<KeyFields, KeyRef>> READERS = Map.of(
            "age", AgeKeyRef::fromMetadata,
            "pgp", PgpKeyRef::fromMetadata,
            "kms", KmsKeyRef::fromMetadata,
            "gcp_kms", GcpKmsKeyRef::fromMetadata,
            "azure_kv", AzureKvKeyRef::fromMetadata,
            "hc_vault", HcVaultKeyRef::fromMetadata,
            "hckms", HckmsKeyRef::fromMetadata,
            "nexus", NexusKeyRef::fromMetadata);

    private MetadataCodec() {
    }

    public static Metadata read(Mapping raw) {
        List<KeyRef> topLevel = readGroup(raw, "sops.");
        List<KeyGroup> groups = new ArrayList<>();
        if (!topLevel.isEmpty()) {
            groups.add(new KeyGroup(topLevel));
        } else {
            List<Mapping> rawGroups = mappings(raw, "key_groups", "sops.");
            for (int i = 0; i < rawGroups.size(); i++) {
                groups.add(new KeyGroup(readGroup(rawGroups.get(i), "sops.key_groups[" + i + "].")));
            }
        }
        if (groups.stream().allMatch(g -> g.keys().isEmpty())) {
            throw WeakFields.invalid("No keys found in file");
        }
        String lastModified = string(raw, "lastmodified", "sops.");
        if (lastModified.isEmpty()) {
            throw WeakFields.invalid("Invalid sops metadata: field 'sops.lastmodified' is missing");
        }
        try {
            GoFormat.parseTime(lastModified);
        } catch (IllegalArgumentException e) {
            throw WeakFields.invalid("Invalid sops metadata: field 'sops.lastmodified' is not an RFC 3339 time");
        }
        Optional<EncryptionRule> rule = Optional.empty();
        for (EncryptionRule.Kind kind : EncryptionRule.Kind.values()) {
            String v = string(raw, kind.metadataKey(), "sops.");
            if (!v.isEmpty()) {
                if (rule.isPresent()) {
                    throw WeakFields.invalid("Invalid sops metadata: '" + rule.get().kind().metadataKey()
                            + "' and '" + kind.metadataKey() + "' are both set; only one is allowed");
                }
                rule = Optional.of(new EncryptionRule(kind, v));
            }
        }
        int threshold = WeakFields.integer(raw, "shamir_threshold", "sops.");
        return new Metadata(groups, threshold, lastModified, string(raw, "mac", "sops."), rule,
                WeakFields.bool(raw, "mac_only_encrypted", "sops."), string(raw, "version", "sops."));
    }

    private static List<KeyRef> readGroup(Mapping m, String where) {
        List<KeyRef> keys = new ArrayList<>();
        for (String type : KEY_TYPES) {
            List<Mapping> entries = mappings(m, type, where);
            for (int i = 0; i < entries.size(); i++) {
                keys.add(readKey(type, entries.get(i), where + type + "[" + i + "]."));
            }
        }
        // Key types this build has never heard of (e.g. stackit_kms): lists of mappings carrying an enc field.
        for (Pair p : m.pairs()) {
            if (!KEY_TYPES.contains(p.key()) && !NOT_KEY_LISTS.contains(p.key()) && isKeyList(p.value())) {
                for (Element e : ((Sequence) p.value()).items()) {
                    keys.add(new UnknownKeyRef(p.key(), (Mapping) e));
                }
            }
        }
        return keys;
    }

    private static boolean isKeyList(Node n) {
        return n instanceof Sequence s && !s.items().isEmpty()
                && s.items().stream().allMatch(e -> e instanceof Mapping mm && mm.containsKey("enc"));
    }

    private static KeyRef readKey(String type, Mapping e, String where) {
        Function<KeyFields, KeyRef> reader = READERS.get(type);
        if (reader == null) {
            return new UnknownKeyRef(type, e);
        }
        return reader.apply(new KeyFields() {
            @Override
            public String string(String name) {
                return WeakFields.string(e, name, where);
            }

            @Override
            public Map<String, String> stringMap(String name) {
                return context(e, name, where);
            }
        });
    }

    private static Map<String, String> context(Mapping e, String field, String where) {
        Optional<Node> n = get(e, field);
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isEmpty()) {
            return out;
        }
        if (!(n.get() instanceof Mapping ctx)) {
            throw WeakFields.wrongType(where + field, "a mapping", n.get());
        }
        for (Pair p : ctx.pairs()) {
            out.put(p.key(), string(ctx, p.key(), where + field + "."));
        }
        return out;
    }

    public static Mapping write(Metadata md) {
        Sorted top = new Sorted();
        if (md.keyGroups().size() == 1) {
            putKeys(top, md.keyGroups().get(0), false);
        } else if (md.keyGroups().size() > 1) {
            List<Element> groups = new ArrayList<>();
            for (KeyGroup g : md.keyGroups()) {
                Sorted group = new Sorted();
                putKeys(group, g, true);
                groups.add(group.toMapping());
            }
            top.put("key_groups", new Sequence(groups));
        }
        top.put("lastmodified", new StrValue(md.lastModified()));
        top.put("mac", new StrValue(md.mac()));
        if (md.macOnlyEncrypted()) {
            top.put("mac_only_encrypted", new BoolValue(true));
        }
        if (md.shamirThreshold() != 0) {
            top.put("shamir_threshold", new IntValue(md.shamirThreshold()));
        }
        md.rule().filter(r -> !r.value().isEmpty())
                .ifPresent(r -> top.put(r.kind().metadataKey(), new StrValue(r.value())));
        top.put("version", new StrValue(md.version()));
        return top.toMapping();
    }

    private static void putKeys(Sorted target, KeyGroup group, boolean inGroup) {
        Map<String, List<Element>> byType = new LinkedHashMap<>();
        if (inGroup) {
            // sops writes these two in every group even when empty.
            byType.put("hc_vault", new ArrayList<>());
            byType.put("age", new ArrayList<>());
        }
        for (KeyRef k : group.keys()) {
            byType.computeIfAbsent(k.type(), t -> new ArrayList<>()).add(keyEntry(k));
        }
        byType.forEach((type, entries) -> target.put(type, new Sequence(entries)));
    }

    private static Mapping keyEntry(KeyRef k) {
        return (Mapping) Sorted.deep(k.toMetadata());
    }

    /** A mapping under construction whose keys come out in byte order, as Go's sorted map keys do. */
    private static final class Sorted {
        private final TreeMap<String, Node> entries = new TreeMap<>(MetadataCodec::goOrder);

        void put(String key, Node value) {
            entries.put(key, value);
        }

        Mapping toMapping() {
            List<MapEntry> out = new ArrayList<>();
            entries.forEach((k, v) -> out.add(new Pair(k, v)));
            return new Mapping(out);
        }

        static Node deep(Node n) {
            if (n instanceof Mapping m) {
                Sorted s = new Sorted();
                m.pairs().forEach(p -> s.put(p.key(), deep(p.value())));
                return s.toMapping();
            }
            if (n instanceof Sequence seq) {
                List<Element> items = new ArrayList<>();
                for (Element e : seq.items()) {
                    items.add(e instanceof Node node ? deep(node) : e);
                }
                return new Sequence(items);
            }
            return n;
        }
    }

    /** Go compares strings bytewise (UTF-8), which differs from UTF-16 order above the BMP. */
    static int goOrder(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
