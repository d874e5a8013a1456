package dev.sops4j.nexus.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * SPIKE Nexus's access policies and authorization: the Pilot superuser bypasses everything, the lite workload role
 * may use only the cipher routes, and everyone else needs a policy whose SPIFFE-ID pattern and path pattern both
 * match (unanchored, i.e. substring search) and that grants every wanted permission or {@code super}. For the
 * reserved paths a policy only counts if its path pattern fully matches the reserved path and its ID pattern is
 * anchored or a plain catch-all.
 */
final class FakePolicies {
    static final Set<String> PERMISSIONS = Set.of("read", "write", "list", "execute", "super");
    static final Set<String> RESERVED = Set.of("spike/system/acl", "spike/system/secret", "spike/system/cipher/exec");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9-_ ]+$");
    private static final Pattern ID_PATTERN_FORMAT = Pattern.compile(
            "^\\^?spiffe://[\\\\a-zA-Z0-9.\\-*()+?\\[\\]]+(/[\\\\/a-zA-Z0-9._\\-*()+?\\[\\]]+)*\\$?$");
    private static final Pattern PATH_PATTERN_FORMAT = Pattern.compile("^[a-zA-Z0-9._\\-/^$()?+*|\\[\\]{}\\\\]+$");
    /** Java regex features RE2 (Go) refuses: lookaround, atomic groups, backreferences, possessive quantifiers. */
    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?[=!>]|\\(\\?<[=!]|\\\\[1-9]|[*+?}]\\+");

    private final String trustRoot;
    private final Map<String, Stored> policies = new TreeMap<>();
    private volatile boolean legacyListShape;

    record Stored(String name, String idPattern, String pathPattern, List<String> permissions, Pattern idRegex,
                  Pattern pathRegex, String uuid, Instant created, Instant updated) {
    }

    /**
     * Outcome of a policy put: 200, 400 (a pattern or name outside SPIKE's alphabet, bad permissions) or 500 (a
     * pattern RE2 cannot compile, or a path pattern that matches part of a reserved path without describing all of
     * it, e.g. {@code spike} or {@code spike/}).
     */
    enum PutResult { OK, BAD_REQUEST, INTERNAL_ERROR }

    FakePolicies(String trustRoot) {
        this.trustRoot = trustRoot;
    }

    /** Answer list requests the way SPIKE v0.8.0 and earlier did (whole policies keyed by UUID). */
    void useLegacyListShape(boolean legacy) {
        legacyListShape = legacy;
    }

    synchronized PutResult put(String name, String idPattern, String pathPattern, List<String> permissions) {
        if (name == null || !NAME.matcher(name).matches() || idPattern == null
                || !ID_PATTERN_FORMAT.matcher(idPattern).matches() || pathPattern == null
                || pathPattern.length() > 500 || !PATH_PATTERN_FORMAT.matcher(pathPattern).matches()
                || permissions == null || permissions.isEmpty() || !PERMISSIONS.containsAll(permissions)) {
            return PutResult.BAD_REQUEST;
        }
        Pattern id;
        Pattern path;
        try {
            if (NOT_RE2.matcher(idPattern).find() || NOT_RE2.matcher(pathPattern).find()) {
                return PutResult.INTERNAL_ERROR;
            }
            id = Pattern.compile(idPattern);
            path = Pattern.compile(pathPattern);
        } catch (PatternSyntaxException e) {
            return PutResult.INTERNAL_ERROR;
        }
        for (String reserved : RESERVED) {
            if (path.matcher(reserved).find() && !path.matcher(reserved).matches()) {
                return PutResult.INTERNAL_ERROR;
            }
        }
        Instant now = Instant.now();
        Stored old = policies.get(name);
        policies.put(name, new Stored(name, idPattern, pathPattern, List.copyOf(permissions), id, path,
                old == null ? UUID.randomUUID().toString() : old.uuid(), old == null ? now : old.created(), now));
        return PutResult.OK;
    }

    synchronized Optional<Map<String, Object>> get(String name) {
        return Optional.ofNullable(policies.get(name)).map(FakePolicies::readShape);
    }

    synchronized boolean delete(String name) {
        return policies.remove(name) != null;
    }

    /**
     * The list answer. The filters compare exactly; a non-empty SPIFFE-ID filter wins over the path filter (so with
     * both set, a policy whose ID pattern matches is listed whatever its path pattern), as SPIKE 0.8.2 does.
     */
    synchronized Map<String, Object> list(String idFilter, String pathFilter) {
        List<Object> items = new ArrayList<>();
        for (Stored p : policies.values()) {
            if (idFilter != null && !idFilter.isEmpty() ? !idFilter.equals(p.idPattern())
                    : pathFilter != null && !pathFilter.isEmpty() && !pathFilter.equals(p.pathPattern())) {
                continue;
            }
            if (legacyListShape) {
                Map<String, Object> m = readShape(p);
                m.put("id", p.uuid());
                items.add(m);
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", "");
                m.put("name", p.name());
                items.add(m);
            }
        }
        return Map.of("policies", items);
    }

    /** Whether {@code peer} may perform an operation needing {@code wants} on {@code path}. */
    synchronized boolean allows(String peer, String path, String wants, boolean cipherRoute) {
        if (isRole(peer, "/spike/pilot/role/superuser")) {
            return true;
        }
        if (isRole(peer, "/spike/workload/role/lite")) {
            return cipherRoute;
        }
        for (Stored p : policies.values()) {
            if (!p.idRegex().matcher(peer).find() || !p.pathRegex().matcher(path).find()) {
                continue;
            }
            if (RESERVED.contains(path) && !(Pattern.compile("^(?:" + p.pathPattern() + ")$").matcher(path).matches()
                    && anchoredOrCatchAll(p.idPattern()))) {
                continue;
            }
            if (p.permissions().contains(wants) || p.permissions().contains("super")) {
                return true;
            }
        }
        return false;
    }

    private boolean isRole(String peer, String role) {
        String base = "spiffe://" + trustRoot + role;
        return peer.equals(base) || peer.startsWith(base + "/");
    }

    private static boolean anchoredOrCatchAll(String idPattern) {
        return idPattern.startsWith("^") && idPattern.endsWith("$") || idPattern.equals(".*")
                || idPattern.equals("^.*$");
    }

    private static Map<String, Object> readShape(Stored p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "");
        m.put("name", p.name());
        m.put("spiffiedPattern", p.idPattern()); // SPIKE's read side spells it this way
        m.put("pathPattern", p.pathPattern());
        m.put("permissions", p.permissions());
        m.put("createdAt", p.created().toString());
        m.put("updatedAt", p.updated().toString());
        return m;
    }
}
