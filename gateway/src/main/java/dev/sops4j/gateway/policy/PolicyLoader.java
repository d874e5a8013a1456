package dev.sops4j.gateway.policy;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.gateway.config.IoReasons;
import dev.sops4j.gateway.config.Yaml;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a policy file and refuses anything doubtful: unknown keys, unknown issuers, unanchorable patterns, allow
 * rules without an immutable-id binding, algorithms outside RS256/ES256. The gateway does not start on a refused
 * policy (fail-closed). Softer findings become {@link Policy#warnings()}.
 */
public final class PolicyLoader {
    static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
    private static final Set<String> NAME_CLAIMS = Set.of("sub", "repository", "repository_owner", "project_path",
            "namespace_path", "job_workflow_ref", "workflow_ref", "ref", "environment");
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private PolicyLoader() {
    }

    public static Policy load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read policy file " + file + ": " + IoReasons.of(e), e);
        }
        return parse(file.getFileName().toString(), text);
    }

    public static Policy parse(String name, String text) {
        Object root;
        try {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            opts.setMaxAliasesForCollections(0);
            root = new org.yaml.snakeyaml.Yaml(new SafeConstructor(opts)).load(text);
        } catch (YAMLException e) {
            throw new ConfigException("policy " + name + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " "), e);
        }
        if (root == null) {
            throw new ConfigException("policy " + name + ": the file is empty");
        }
        Yaml doc = Yaml.of("policy " + name, root).onlyKeys("version", "issuers", "rules", "replayProtection");
        if (!"1".equals(doc.string("version"))) {
            throw new ConfigException("policy " + name + ": version must be 1");
        }
        List<String> warnings = new ArrayList<>();
        Map<String, IssuerConfig> issuers = new LinkedHashMap<>();
        Yaml is = doc.sub("issuers");
        if (is.map().isEmpty()) {
            throw new ConfigException("policy " + name + ": at least one issuer is needed");
        }
        // Issuers and rules are checked one by one and every problem is kept, so lint can list them all at once.
        List<String> problems = new ArrayList<>();
        Set<String> failedIssuers = new HashSet<>();
        Set<String> seenIss = new HashSet<>();
        for (String key : is.map().keySet()) {
            try {
                if (!RULE_ID.matcher(key).matches()) {
                    throw new ConfigException("issuers: name '" + key + "' must be 1-64 of [A-Za-z0-9_.-]");
                }
                IssuerConfig ic = issuer(key, is.sub(key));
                if (!seenIss.add(ic.issuer())) {
                    throw new ConfigException("issuers." + key + ": issuer " + ic.issuer() + " is configured twice");
                }
                issuers.put(key, ic);
            } catch (ConfigException e) {
                problems.add(e.getMessage());
                failedIssuers.add(key);
            }
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (Object o : doc.list("rules")) {
            try {
                Yaml ry = Yaml.of("rules[" + i++ + "]", o);
                if (ry.map().get("issuer") instanceof String iss && failedIssuers.contains(iss)) {
                    continue;  // already reported with its issuer
                }
                Rule r = rule(ry, issuers, warnings);
                if (!ids.add(r.id())) {
                    throw new ConfigException("rule id " + r.id() + " is used twice");
                }
                rules.add(r);
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw PolicyProblems.of(problems);
        }
        if (rules.stream().noneMatch(r -> r.effect() == Rule.Effect.ALLOW)) {
            warnings.add("no allow rule: every request will be denied");
        }
        Set<Action> replay = EnumSet.of(Action.WRAP);
        for (String a : doc.strings("replayProtection", List.of())) {
            replay.add(action("replayProtection", a));
        }
        return new Policy(issuers, rules, replay, warnings);
    }

    private static IssuerConfig issuer(String name, Yaml y) {
        y.onlyKeys("issuer", "audience", "flavor", "algorithms", "maxTokenLifetime", "clockSkew", "requiredClaims",
                "immutableClaims", "booleanClaims");
        String iss = y.string("issuer");
        checkIssuerUrl(y.where(), iss);
        Flavor flavor;
        if (y.has("flavor")) {
            try {
                flavor = Flavor.valueOf(y.string("flavor").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(y.where() + ".flavor: use github, gitlab or generic");
            }
        } else if (iss.equals(GITHUB_ISSUER)) {
            flavor = Flavor.GITHUB;
        } else {
            throw new ConfigException(y.where() + ": set flavor (github, gitlab or generic) for issuer " + iss);
        }
        List<String> algs = y.strings("algorithms", List.of("RS256"));
        for (String a : algs) {
            if (!ALGORITHMS.contains(a)) {
                throw new ConfigException(y.where() + ".algorithms: " + a + " is not allowed (RS256 or ES256)");
            }
        }
        if (algs.isEmpty()) {
            throw new ConfigException(y.where() + ".algorithms: must not be empty");
        }
        Duration defaultLife = flavor == Flavor.GITLAB ? Duration.ofMinutes(65) : Duration.ofMinutes(10);
        Duration life = y.duration("maxTokenLifetime", defaultLife);
        Duration skew = y.duration("clockSkew", Duration.ofSeconds(60));
        if (life.isZero() || skew.compareTo(MAX_SKEW) > 0) {
            throw new ConfigException(y.where() + ": maxTokenLifetime must be > 0 and clockSkew at most 5m");
        }
        List<String> immutable = flavor == Flavor.GENERIC ? y.strings("immutableClaims", List.of())
                : y.strings("immutableClaims", flavor.immutableIds());
        if (immutable.isEmpty()) {
            throw new ConfigException(y.where() + ": a generic issuer needs immutableClaims (claims that never change "
                    + "meaning, such as numeric ids)");
        }
        List<String> required = switch (flavor) {
            case GITHUB -> List.of("sub", "jti", "repository_id", "repository_owner_id", "run_id");
            case GITLAB -> List.of("sub", "jti", "project_id", "namespace_id", "pipeline_id");
            case GENERIC -> List.of("sub", "jti");
        };
        required = y.strings("requiredClaims", required);
        return new IssuerConfig(name, iss, y.string("audience"), algs, life, skew, required, flavor, immutable,
                y.strings("booleanClaims", flavor.stringBooleans()));
    }

    /** https only, except plain http to a loopback address, which tests and local issuers use. */
    static void checkIssuerUrl(String where, String iss) {
        URI u;
        try {
            u = URI.create(iss);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ".issuer: not a URL: " + iss);
        }
        String host = u.getHost() == null ? "" : u.getHost();
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
            throw new ConfigException(where + ".issuer: must be an https URL: " + iss);
        }
    }

    private static Rule rule(Yaml y, Map<String, IssuerConfig> issuers, List<String> warnings) {
        y.onlyKeys("id", "effect", "issuer", "when", "grant", "scope", "limits", "description");
        String id = y.string("id");
        if (!RULE_ID.matcher(id).matches()) {
            throw new ConfigException(y.where() + ".id: use 1-64 of [A-Za-z0-9_.-]");
        }
        String where = "rule " + id;
        Rule.Effect effect = switch (y.string("effect")) {
            case "allow" -> Rule.Effect.ALLOW;
            case "deny" -> Rule.Effect.DENY;
            default -> throw new ConfigException(where + ": effect must be allow or deny");
        };
        String issuerName = y.string("issuer");
        IssuerConfig issuer = issuers.get(issuerName);
        if (issuer == null) {
            throw new ConfigException(where + ": issuer " + issuerName + " is not configured under issuers");
        }
        List<Condition> all = new ArrayList<>();
        List<List<Condition>> any = new ArrayList<>();
        if (y.has("when")) {
            Yaml when = y.sub("when");
            for (Map.Entry<String, Object> e : when.map().entrySet()) {
                if (e.getKey().equals("any")) {
                    int g = 0;
                    for (Object group : when.list("any")) {
                        any.add(conditions(Yaml.of(where + ".when.any[" + g++ + "]", group), warnings, id));
                    }
                    if (any.isEmpty()) {
                        throw new ConfigException(where + ".when.any: must not be empty");
                    }
                } else {
                    all.addAll(claimConditions(where + ".when", e.getKey(), e.getValue(), warnings, id));
                }
            }
        }
        if (all.isEmpty() && any.isEmpty()) {
            throw new ConfigException(where + ": needs a 'when' with at least one condition");
        }
        List<Matcher.GlobMatch> keys = new ArrayList<>();
        Set<Action> actions = EnumSet.noneOf(Action.class);
        Optional<RateLimit> limit = Optional.empty();
        if (effect == Rule.Effect.ALLOW) {
            if (y.has("scope")) {
                throw new ConfigException(where + ": 'scope' is for deny rules; allow rules use 'grant'");
            }
            Optional<String> binding = all.stream()
                    .filter(c -> issuer.immutableIds().contains(c.claim()))
                    .filter(c -> c.matcher() instanceof Matcher.Equals || c.matcher() instanceof Matcher.In)
                    .map(Condition::claim).findFirst();
            if (binding.isEmpty()) {
                throw new ConfigException(where + ": allow rules must bind an immutable id with equals or in "
                        + "outside 'any' (one of " + issuer.immutableIds() + ")");
            }
            Yaml grant = y.sub("grant").onlyKeys("keys", "actions");
            grant(where + ".grant", grant, keys, actions, true);
            if (y.has("limits")) {
                Yaml l = y.sub("limits").onlyKeys("rate", "burst");
                limit = Optional.of(RateLimit.parse(where + ".limits", l.string("rate"),
                        l.has("burst") ? l.integer("burst", 1) : null));
            }
            if (issuer.flavor() == Flavor.GITLAB && all.stream().noneMatch(c -> c.claim().equals("ref_protected"))) {
                warnings.add(where + ": GitLab allow rule does not require ref_protected (fork and branch pipelines "
                        + "of the project can use it)");
            }
            if (keys.stream().anyMatch(k -> k.glob().equals("**"))) {
                warnings.add(where + ": grants every key name (**)");
            }
        } else {
            if (y.has("grant") || y.has("limits")) {
                throw new ConfigException(where + ": deny rules take 'scope', not 'grant' or 'limits'");
            }
            if (y.has("scope")) {
                grant(where + ".scope", y.sub("scope").onlyKeys("keys", "actions"), keys, actions, false);
            }
        }
        return new Rule(id, effect, issuerName, all, any, keys, actions, limit);
    }

    private static void grant(String where, Yaml g, List<Matcher.GlobMatch> keys, Set<Action> actions, boolean required) {
        List<String> k = g.strings("keys", List.of());
        List<String> a = g.strings("actions", List.of());
        if (required && (k.isEmpty() || a.isEmpty())) {
            throw new ConfigException(where + ": needs non-empty keys and actions");
        }
        for (String glob : k) {
            if (glob.isBlank() || glob.startsWith("/") || glob.contains("//")) {
                throw new ConfigException(where + ".keys: '" + glob + "' is not a key-name glob");
            }
            keys.add(new Matcher.GlobMatch(glob));
        }
        for (String s : a) {
            actions.add(action(where + ".actions", s));
        }
    }

    private static Action action(String where, String s) {
        return Action.parse(s).orElseThrow(() -> new ConfigException(where + ": unknown action '" + s
                + "' (unwrap, wrap, read-secret)"));
    }

    private static List<Condition> conditions(Yaml group, List<String> warnings, String id) {
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : group.map().entrySet()) {
            out.addAll(claimConditions(group.where(), e.getKey(), e.getValue(), warnings, id));
        }
        if (out.isEmpty()) {
            throw new ConfigException(group.where() + ": empty condition group");
        }
        return out;
    }

    private static List<Condition> claimConditions(String where, String claim, Object spec, List<String> warnings,
                                                   String id) {
        Yaml ops = Yaml.of(where + "." + claim, spec);
        if (ops.map().isEmpty()) {
            throw new ConfigException(ops.where() + ": needs an operator (equals, in, glob, regex, exists, absent)");
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, Object> op : ops.map().entrySet()) {
            String name = op.getKey();
            boolean negated = name.startsWith("not_");
            Matcher m = matcher(ops.where(), negated ? name.substring(4) : name, op.getValue());
            if (negated) {
                if (m instanceof Matcher.Exists || m instanceof Matcher.Absent) {
                    throw new ConfigException(ops.where() + ": use exists/absent rather than " + name);
                }
                m = new Matcher.Not(m);
            }
            lint(claim, m, warnings, id);
            out.add(new Condition(claim, m));
        }
        return out;
    }

    private static Matcher matcher(String where, String op, Object value) {
        String w = where + "." + op;
        switch (op) {
            case "equals":
                return new Matcher.Equals(scalar(w, value));
            case "in": {
                if (!(value instanceof List<?> l) || l.isEmpty()) {
                    throw new ConfigException(w + ": expected a non-empty list");
                }
                List<String> opts = new ArrayList<>();
                for (Object o : l) {
                    opts.add(scalar(w, o));
                }
                return new Matcher.In(opts);
            }
            case "glob":
                return new Matcher.GlobMatch(scalar(w, value));
            case "regex":
                try {
                    return new Matcher.Regex(scalar(w, value));
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(w + ": invalid regex: " + e.getDescription());
                }
            case "exists":
            case "absent":
                if (!Boolean.TRUE.equals(value)) {
                    throw new ConfigException(w + ": write " + op + ": true");
                }
                return op.equals("exists") ? new Matcher.Exists() : new Matcher.Absent();
            default:
                throw new ConfigException(where + ": unknown operator '" + op
                        + "' (equals, in, glob, regex, exists, absent, not_equals, not_in, not_glob, not_regex)");
        }
    }

    private static String scalar(String where, Object v) {
        if (v == null || v instanceof Map || v instanceof List) {
            throw new ConfigException(where + ": expected a scalar value");
        }
        return Claims.canonical(v).orElseThrow();
    }

    private static void lint(String claim, Matcher m, List<String> warnings, String id) {
        String text = m instanceof Matcher.GlobMatch g ? g.glob() : m instanceof Matcher.Regex r ? r.regex() : null;
        if (text == null) {
            return;
        }
        boolean wild = m instanceof Matcher.Regex || Glob.isWildcard(text);
        if (NAME_CLAIMS.contains(claim) && wild && !(m instanceof Matcher.Not)) {
            warnings.add("rule " + id + ": wildcard on name claim " + claim + " (" + m.describe()
                    + ") can match names you do not own; bind ids or list names with in");
        }
    }
}
