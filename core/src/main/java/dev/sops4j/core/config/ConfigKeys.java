package dev.sops4j.core.config;

import dev.sops4j.core.text.NearestWord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The keys .sops.yaml may hold at each level (sops 3.13's config structs, plus sops4j's {@code nexus}), and the
 * check that finds every other key: Go's YAML decoder ignores them silently, so a typo such as {@code path_regx}
 * turns a rule into a catch-all. {@code docs/sops-yaml.schema.json} describes the same structure.
 */
final class ConfigKeys {
    /** One level of the structure: its known keys, and the level below each key that has one. */
    private record Level(String name, Set<String> keys, Map<String, String> children) {
    }

    private static final Set<String> KEY_GROUP_KEYS = Set.of("merge", "kms", "gcp_kms", "hckms", "azure_keyvault",
            "hc_vault", "age", "pgp", "nexus");
    private static final Set<String> RULE_KEYS = Set.of("path_regex", "kms", "aws_profile", "age", "pgp", "gcp_kms",
            "hckms", "azure_keyvault", "hc_vault_transit_uri", "key_groups", "shamir_threshold", "unencrypted_suffix",
            "encrypted_suffix", "unencrypted_regex", "encrypted_regex", "unencrypted_comment_regex",
            "encrypted_comment_regex", "mac_only_encrypted", "nexus");

    private static final Map<String, Level> LEVELS = Map.ofEntries(
            level("top level", Set.of("creation_rules", "destination_rules", "stores"),
                    Map.of("creation_rules", "creation rule", "destination_rules", "destination rule",
                            "stores", "stores")),
            level("stores", Set.of("yaml", "json", "json_binary", "dotenv", "ini"),
                    Map.of("yaml", "store", "json", "store", "json_binary", "store", "dotenv", "empty store",
                            "ini", "empty store")),
            level("store", Set.of("indent"), Map.of()),
            level("empty store", Set.of(), Map.of()),
            level("creation rule", RULE_KEYS, Map.of("key_groups", "key group")),
            level("key group", KEY_GROUP_KEYS, Map.of("merge", "key group", "kms", "kms key",
                    "gcp_kms", "gcp_kms key", "hckms", "hckms key", "azure_keyvault", "azure_keyvault key")),
            level("kms key", Set.of("arn", "role", "context", "aws_profile"), Map.of()),
            level("gcp_kms key", Set.of("resource_id"), Map.of()),
            level("hckms key", Set.of("key_id"), Map.of()),
            level("azure_keyvault key", Set.of("vaultUrl", "key", "version"), Map.of()),
            level("destination rule", Set.of("path_regex", "s3_bucket", "s3_prefix", "gcs_bucket", "gcs_prefix",
                    "vault_path", "vault_address", "vault_kv_mount_name", "vault_kv_version", "recreation_rule",
                    "omit_extensions"), Map.of("recreation_rule", "creation rule")));

    private static Map.Entry<String, Level> level(String name, Set<String> keys, Map<String, String> children) {
        return Map.entry(name, new Level(name, keys, children));
    }

    private ConfigKeys() {
    }

    /** Every unknown key under {@code root}, in document order. */
    static List<ConfigWarning> unknown(Node root, Path file) {
        List<ConfigWarning> out = new ArrayList<>();
        check(root, LEVELS.get("top level"), file, out);
        return out;
    }

    /** A mapping is checked against {@code level}; a list's items each are (key_groups, creation_rules, ...). */
    private static void check(Node node, Level level, Path file, List<ConfigWarning> out) {
        if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                check(item, level, file, out);
            }
            return;
        }
        if (!(node instanceof MappingNode m)) {
            return;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                continue;
            }
            String key = k.getValue();
            if (!level.keys().contains(key)) {
                Optional<String> near = NearestWord.closest(key, level.keys());
                out.add(new ConfigWarning(file, k.getStartMark() == null ? 0 : k.getStartMark().getLine() + 1, key,
                        level.name(), near));
                continue;
            }
            String child = level.children().get(key);
            if (child != null) {
                check(t.getValueNode(), LEVELS.get(child), file, out);
            }
        }
    }
}
