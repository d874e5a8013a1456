package dev.sops4j.core.config;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.publish.Destination;
import dev.sops4j.core.publish.GcsDestination;
import dev.sops4j.core.publish.S3Destination;
import dev.sops4j.core.publish.VaultKvDestination;
import dev.sops4j.core.store.StoreSettings;
import dev.sops4j.core.store.yaml.LinearReader;
import dev.sops4j.core.text.GoRegex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses .sops.yaml text. Works on SnakeYAML's node graph (not on Java objects) so every error can name its line;
 * unknown keys are ignored like Go's plain {@code yaml.Unmarshal} ignores them, and reported as warnings
 * ({@link SopsConfig#warnings()}) because they are almost always typos.
 */
public final class ConfigParser {
    private final KeyRefFactory keys;

    public ConfigParser(KeyRefFactory keys) {
        this.keys = keys;
    }

    public SopsConfig parse(String text, Path source) {
        Node root;
        try {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            // What Yaml.compose does, without building a Yaml object (its constructor's logger set-up searches
            // the class path for logging services).
            root = new Composer(new ParserImpl(new LinearReader(text), opts), new Resolver(), opts)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw fail(source, line, "invalid YAML: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw fail(source, 0, "invalid YAML: " + oneLine(e.getMessage()));
        }
        List<CreationRule> rules = new ArrayList<>();
        List<DestinationRule> destinations = new ArrayList<>();
        StoreSettings stores = StoreSettings.DEFAULTS;
        if (root == null) {
            return new SopsConfig(source, rules, stores);
        }
        List<ConfigWarning> warnings = ConfigKeys.unknown(root, source);
        MappingNode top = mapping(root, source, "the top level");
        for (NodeTuple t : top.getValue()) {
            String key = keyOf(t, source);
            if (key.equals("creation_rules")) {
                if (isNull(t.getValueNode())) {
                    continue;
                }
                SequenceNode seq = sequence(t.getValueNode(), source, "creation_rules");
                for (Node r : seq.getValue()) {
                    rules.add(rule(mapping(r, source, "a creation rule"), source));
                }
            } else if (key.equals("destination_rules") && !isNull(t.getValueNode())) {
                for (Node r : sequence(t.getValueNode(), source, "destination_rules").getValue()) {
                    destinations.add(destination(mapping(r, source, "a destination rule"), source));
                }
            } else if (key.equals("stores") && !isNull(t.getValueNode())) {
                stores = stores(mapping(t.getValueNode(), source, "stores"), source);
            }
        }
        return new SopsConfig(source, rules, stores, destinations, warnings);
    }

    private DestinationRule destination(MappingNode m, Path src) {
        Map<String, Node> f = fields(m, src);
        Optional<GoRegex> regex = Optional.empty();
        String re = opt(f, "path_regex", src);
        if (!re.isEmpty()) {
            try {
                regex = Optional.of(GoRegex.compile(re));
            } catch (GoRegex.Invalid e) {
                throw fail(src, line(f.get("path_regex")), "invalid path_regex '" + re + "': " + e.description());
            }
        }
        List<Destination> found = new ArrayList<>();
        if (!opt(f, "s3_bucket", src).isEmpty()) {
            found.add(new S3Destination(opt(f, "s3_bucket", src), opt(f, "s3_prefix", src)));
        }
        if (!opt(f, "gcs_bucket", src).isEmpty()) {
            found.add(new GcsDestination(opt(f, "gcs_bucket", src), opt(f, "gcs_prefix", src)));
        }
        if (!opt(f, "vault_path", src).isEmpty()) {
            String v = opt(f, "vault_kv_version", src);
            int version;
            try {
                version = v.isEmpty() ? 0 : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw fail(src, line(f.get("vault_kv_version")), "vault_kv_version must be an integer, got '" + v + "'");
            }
            found.add(new VaultKvDestination(opt(f, "vault_address", src), opt(f, "vault_path", src),
                    opt(f, "vault_kv_mount_name", src), version));
        }
        if (found.size() > 1) {
            throw fail(src, line(m), "more than one destinations were found in a single destination rule, you can "
                    + "only use one per rule");
        }
        if (found.isEmpty()) {
            throw fail(src, line(m), "no destination (s3_bucket, gcs_bucket or vault_path) in a destination rule");
        }
        Optional<CreationRule> recreation = Optional.empty();
        Node rr = f.get("recreation_rule");
        if (rr != null && !isNull(rr)) {
            recreation = Optional.of(rule(mapping(rr, src, "recreation_rule"), src));
        }
        boolean omit = f.containsKey("omit_extensions") && bool(f.get("omit_extensions"), src, "omit_extensions");
        return new DestinationRule(regex, found.get(0), recreation, omit, line(m));
    }

    private CreationRule rule(MappingNode m, Path src) {
        Map<String, Node> f = fields(m, src);
        Optional<GoRegex> regex = Optional.empty();
        if (f.containsKey("path_regex")) {
            String re = scalar(f.get("path_regex"), src, "path_regex");
            try {
                regex = Optional.of(GoRegex.compile(re));
            } catch (GoRegex.Invalid e) {
                throw fail(src, line(f.get("path_regex")), "invalid path_regex '" + re + "': " + e.description());
            }
        }
        List<KeyGroup> groups = new ArrayList<>();
        if (f.containsKey("key_groups") && !isNull(f.get("key_groups"))) {
            for (Node g : sequence(f.get("key_groups"), src, "key_groups").getValue()) {
                groups.add(new KeyGroup(group(mapping(g, src, "a key group"), src)));
            }
        } else {
            List<KeyRef> flat = new ArrayList<>();
            String profile = f.containsKey("aws_profile") ? scalar(f.get("aws_profile"), src, "aws_profile") : "";
            flat.addAll(keys.age(list(f.get("age"), src, "age")));
            flat.addAll(keys.pgp(list(f.get("pgp"), src, "pgp")));
            flat.addAll(keys.kms(list(f.get("kms"), src, "kms"), Map.of(), profile));
            flat.addAll(keyed(src, f.get("gcp_kms"), () -> keys.gcpKms(list(f.get("gcp_kms"), src, "gcp_kms"))));
            flat.addAll(keyed(src, f.get("hckms"), () -> keys.hckms(list(f.get("hckms"), src, "hckms"))));
            flat.addAll(keyed(src, f.get("azure_keyvault"),
                    () -> keys.azureKv(list(f.get("azure_keyvault"), src, "azure_keyvault"))));
            flat.addAll(keyed(src, f.get("hc_vault_transit_uri"),
                    () -> keys.hcVault(list(f.get("hc_vault_transit_uri"), src, "hc_vault_transit_uri"))));
            flat.addAll(keys.nexus(list(f.get("nexus"), src, "nexus")));
            if (!flat.isEmpty()) {
                groups.add(new KeyGroup(dedupe(flat)));
            }
        }
        int threshold = 0;
        if (f.containsKey("shamir_threshold") && !isNull(f.get("shamir_threshold"))) {
            String s = scalar(f.get("shamir_threshold"), src, "shamir_threshold");
            try {
                threshold = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw fail(src, line(f.get("shamir_threshold")), "shamir_threshold must be an integer, got '" + s + "'");
            }
        }
        Optional<EncryptionRule> encRule = Optional.empty();
        for (EncryptionRule.Kind kind : EncryptionRule.Kind.values()) {
            Node n = f.get(kind.metadataKey());
            if (n == null || isNull(n)) {
                continue;
            }
            String v = scalar(n, src, kind.metadataKey());
            if (v.isEmpty()) {
                continue;
            }
            if (encRule.isPresent()) {
                throw fail(src, line(n), "cannot use more than one of encrypted_suffix, unencrypted_suffix, "
                        + "encrypted_regex, unencrypted_regex, encrypted_comment_regex, or "
                        + "unencrypted_comment_regex for the same rule");
            }
            encRule = Optional.of(new EncryptionRule(kind, v));
        }
        boolean macOnly = f.containsKey("mac_only_encrypted") && bool(f.get("mac_only_encrypted"), src, "mac_only_encrypted");
        return new CreationRule(regex, groups, threshold, encRule, macOnly, line(m));
    }

    private List<KeyRef> group(MappingNode m, Path src) {
        Map<String, Node> f = fields(m, src);
        List<KeyRef> out = new ArrayList<>();
        if (f.containsKey("merge") && !isNull(f.get("merge"))) {
            for (Node sub : sequence(f.get("merge"), src, "merge").getValue()) {
                out.addAll(group(mapping(sub, src, "a merged key group"), src));
            }
        }
        out.addAll(keys.age(list(f.get("age"), src, "age")));
        out.addAll(keys.pgp(list(f.get("pgp"), src, "pgp")));
        for (Node k : items(f.get("kms"), src, "kms")) {
            Map<String, Node> kf = fields(mapping(k, src, "a kms entry"), src);
            String arn = kf.containsKey("arn") ? scalar(kf.get("arn"), src, "arn") : "";
            if (arn.isEmpty()) {
                throw fail(src, line(k), "kms entry without arn");
            }
            Map<String, String> ctx = new LinkedHashMap<>();
            if (kf.containsKey("context") && !isNull(kf.get("context"))) {
                for (NodeTuple t : mapping(kf.get("context"), src, "context").getValue()) {
                    ctx.put(keyOf(t, src), scalar(t.getValueNode(), src, "context value"));
                }
            }
            out.add(keys.kms(arn, opt(kf, "role", src), ctx, opt(kf, "aws_profile", src)));
        }
        for (Node k : items(f.get("gcp_kms"), src, "gcp_kms")) {
            String id = opt(fields(mapping(k, src, "a gcp_kms entry"), src), "resource_id", src);
            out.addAll(keyed(src, k, () -> keys.gcpKms(List.of(id))));
        }
        for (Node k : items(f.get("hckms"), src, "hckms")) {
            String id = opt(fields(mapping(k, src, "an hckms entry"), src), "key_id", src);
            out.addAll(keyed(src, k, () -> keys.hckms(List.of(id))));
        }
        for (Node k : items(f.get("azure_keyvault"), src, "azure_keyvault")) {
            Map<String, Node> kf = fields(mapping(k, src, "an azure_keyvault entry"), src);
            out.add(keys.azureKv(opt(kf, "vaultUrl", src), opt(kf, "key", src), opt(kf, "version", src)));
        }
        out.addAll(keyed(src, f.get("hc_vault"), () -> keys.hcVault(list(f.get("hc_vault"), src, "hc_vault"))));
        out.addAll(keys.nexus(list(f.get("nexus"), src, "nexus")));
        return dedupe(out);
    }

    /** Key references built by {@code make}, with a malformed key id reported at the line of {@code at}. */
    private static List<KeyRef> keyed(Path src, Node at, java.util.function.Supplier<List<KeyRef>> make) {
        try {
            return make.get();
        } catch (ConfigException e) {
            throw fail(src, at == null ? 0 : line(at), e.getMessage());
        }
    }

    private StoreSettings stores(MappingNode m, Path src) {
        Map<String, Node> f = fields(m, src);
        return new StoreSettings(indent(f.get("yaml"), src), indent(f.get("json"), src), indent(f.get("json_binary"), src));
    }

    private Integer indent(Node n, Path src) {
        if (n == null || isNull(n)) {
            return null;
        }
        Node i = fields(mapping(n, src, "a store setting"), src).get("indent");
        if (i == null || isNull(i)) {
            return null;
        }
        String s = scalar(i, src, "indent");
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw fail(src, line(i), "indent must be an integer, got '" + s + "'");
        }
    }

    private static List<KeyRef> dedupe(List<KeyRef> in) {
        Map<String, KeyRef> seen = new LinkedHashMap<>();
        for (KeyRef k : in) {
            seen.putIfAbsent(k.identity(), k);
        }
        return new ArrayList<>(seen.values());
    }

    /** A key list given either as "a,b" or as a YAML sequence (whose items may again hold commas). */
    private List<String> list(Node n, Path src, String what) {
        List<String> out = new ArrayList<>();
        if (n == null || isNull(n)) {
            return out;
        }
        if (n instanceof ScalarNode s) {
            return KeyRefFactory.split(s.getValue());
        }
        for (Node item : sequence(n, src, what).getValue()) {
            out.addAll(KeyRefFactory.split(scalar(item, src, what)));
        }
        return out;
    }

    private List<Node> items(Node n, Path src, String what) {
        return n == null || isNull(n) ? List.of() : sequence(n, src, what).getValue();
    }

    private String opt(Map<String, Node> f, String key, Path src) {
        Node n = f.get(key);
        return n == null || isNull(n) ? "" : scalar(n, src, key);
    }

    private boolean bool(Node n, Path src, String what) {
        String v = scalar(n, src, what);
        return switch (v) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE", "" -> false;
            default -> throw fail(src, line(n), what + " must be true or false, got '" + v + "'");
        };
    }

    private Map<String, Node> fields(MappingNode m, Path src) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            out.put(keyOf(t, src), t.getValueNode());
        }
        return out;
    }

    private String keyOf(NodeTuple t, Path src) {
        return scalar(t.getKeyNode(), src, "a mapping key");
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private String scalar(Node n, Path src, String what) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw fail(src, line(n), what + " must be a single value");
    }

    private MappingNode mapping(Node n, Path src, String what) {
        if (n instanceof MappingNode m) {
            return m;
        }
        throw fail(src, line(n), what + " must be a mapping");
    }

    private SequenceNode sequence(Node n, Path src, String what) {
        if (n instanceof SequenceNode s) {
            return s;
        }
        throw fail(src, line(n), what + " must be a list");
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static ConfigException fail(Path src, int line, String why) {
        return new ConfigException("error loading config file " + src + (line > 0 ? ": line " + line : "") + ": " + why);
    }
}
