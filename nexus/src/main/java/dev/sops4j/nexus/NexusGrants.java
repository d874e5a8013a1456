package dev.sops4j.nexus;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.text.GoRegex;
import dev.sops4j.core.env.Environment;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.NexusStatus;
import dev.sops4j.nexus.client.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SPIKE policies that let workloads use one Nexus key: {@code grant} writes a policy whose path pattern is exactly
 * that key's Nexus path ({@code ^<prefix><name>$}), {@code revoke} removes it, {@code grants} lists them. Policy
 * names are {@code sops4j <path with '/' as ' '> <8 hex of SHA-256 of the SPIFFE ID pattern>}, so one key can be
 * granted to several workload patterns and a grant repeated for the same pattern replaces the earlier one.
 */
public final class NexusGrants implements AutoCloseable {
    /** Permissions that stay within one key; {@code list}, {@code execute} and {@code super} reach further. */
    public static final List<String> PERMISSIONS = List.of("read", "write");
    static final String NAME_START = "sops4j ";
    /** The SPIFFE ID pattern alphabet SPIKE's SDK accepts (others are refused by Nexus with HTTP 400). */
    private static final Pattern SPIKE_ID_ALPHABET = Pattern.compile(
            "\\^?spiffe://[\\\\a-zA-Z0-9.\\-*()+?\\[\\]]+(/[\\\\/a-zA-Z0-9._\\-*()+?\\[\\]]+)*\\$?");

    /** One grant as stored in Nexus. */
    public record Grant(String policyName, String key, String spiffeIdPattern, List<String> permissions) {
        public Grant {
            permissions = List.copyOf(permissions);
        }
    }

    private final NexusClient client;
    private final String prefix;

    public NexusGrants(NexusClient client, String prefix) {
        KeyNames.checkPrefix(prefix);
        this.client = client;
        this.prefix = prefix;
    }

    public static NexusGrants fromEnvironment(Environment env) {
        NexusSettings s = NexusSettings.fromEnvironment(env);
        return new NexusGrants(NexusClient.create(s), s.pathPrefix());
    }

    /** Writes (or replaces) the policy letting {@code spiffeIdPattern} use key {@code name} with {@code perms}. */
    public Grant grant(String name, String spiffeIdPattern, List<String> perms) {
        String path = KeyNames.path(prefix, name);
        checkSpiffeIdPattern(spiffeIdPattern);
        List<String> permissions = checkPermissions(name, perms);
        Grant g = new Grant(policyName(path, spiffeIdPattern), name, spiffeIdPattern, permissions);
        client.putPolicy(new Policy(g.policyName(), spiffeIdPattern, pathPattern(path), permissions));
        return g;
    }

    /** Removes the grants of key {@code name} (only the one for {@code spiffeIdPattern} when given). */
    public List<Grant> revoke(String name, Optional<String> spiffeIdPattern) {
        KeyNames.path(prefix, name);
        List<Grant> removed = new ArrayList<>();
        for (Grant g : grants(Optional.of(name))) {
            if (spiffeIdPattern.isEmpty() || spiffeIdPattern.get().equals(g.spiffeIdPattern())) {
                try {
                    client.deletePolicy(g.policyName());
                    removed.add(g);
                } catch (KeySourceException e) {
                    if (NexusStatus.of(e).orElse(null) != NexusStatus.NOT_FOUND) {
                        throw e;
                    }
                    // revoked meanwhile by someone else: nothing left to remove
                }
            }
        }
        return removed;
    }

    /** The grants sops4j wrote for key {@code name}, or for every key under the prefix, sorted by policy name. */
    public List<Grant> grants(Optional<String> name) {
        name.ifPresent(n -> KeyNames.path(prefix, n));
        List<Grant> out = new ArrayList<>();
        for (String policyName : client.listPolicyNames().stream().sorted().toList()) {
            if (!policyName.startsWith(NAME_START)) {
                continue;
            }
            Optional<Policy> p = client.findPolicy(policyName);
            if (p.isEmpty()) {
                continue; // removed meanwhile
            }
            String pattern = p.get().pathPattern();
            if (!pattern.startsWith("^" + prefix) || !pattern.endsWith("$")) {
                continue;
            }
            String key = pattern.substring(1 + prefix.length(), pattern.length() - 1);
            if (name.isEmpty() || name.get().equals(key)) {
                out.add(new Grant(policyName, key, p.get().spiffeIdPattern(), p.get().permissions()));
            }
        }
        return out;
    }

    /** {@code ^<path>$}: key paths hold only letters, digits, '_', '-' and '/', none of them regex syntax. */
    static String pathPattern(String path) {
        return "^" + path + "$";
    }

    static String policyName(String path, String spiffeIdPattern) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(spiffeIdPattern.getBytes(StandardCharsets.UTF_8));
            return NAME_START + path.replace('/', ' ') + " " + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkSpiffeIdPattern(String pattern) {
        try {
            GoRegex.compile(pattern);
        } catch (GoRegex.Invalid e) {
            throw new UsageException("invalid --spiffe-id pattern '" + pattern + "': " + e.description());
        }
        if (!SPIKE_ID_ALPHABET.matcher(pattern).matches()) {
            throw new UsageException("invalid --spiffe-id pattern '" + pattern + "': SPIKE accepts only"
                    + " 'spiffe://' followed by letters, digits and . - _ / * + ? ( ) [ ] \\ (optionally anchored"
                    + " with ^ and $)");
        }
    }

    static List<String> checkPermissions(String name, List<String> perms) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String p : perms) {
            String t = p.trim();
            if (!PERMISSIONS.contains(t)) {
                throw new UsageException("permission '" + t + "' is not allowed for nexus key " + name
                        + ": use read and/or write (" + ("super".equals(t) || "list".equals(t)
                                || "execute".equals(t) ? "it would grant more than this key" : "unknown") + ")");
            }
            out.add(t);
        }
        if (out.isEmpty()) {
            throw new UsageException("no permissions given for nexus key " + name + ": use read and/or write");
        }
        return List.copyOf(out);
    }

    @Override
    public void close() {
        client.close();
    }
}
