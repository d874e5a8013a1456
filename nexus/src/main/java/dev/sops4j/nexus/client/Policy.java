package dev.sops4j.nexus.client;

import java.util.List;
import java.util.Map;

/**
 * A Nexus access policy. Nexus matches both patterns as unanchored regular expressions, so anchor them
 * ({@code ^...$}) unless a substring match is really meant.
 */
public record Policy(String name, String spiffeIdPattern, String pathPattern, List<String> permissions) {
    public Policy {
        permissions = List.copyOf(permissions);
    }

    Map<String, Object> toRequest() {
        return Map.of("name", name, "spiffeidPattern", spiffeIdPattern, "pathPattern", pathPattern,
                "permissions", permissions);
    }

    /** Reads a policy; accepts SPIKE's read-side spelling {@code spiffiedPattern} and the request spelling. */
    @SuppressWarnings("unchecked")
    static Policy fromJson(Map<String, Object> m) {
        Object id = m.getOrDefault("spiffiedPattern", m.get("spiffeidPattern"));
        Object name = m.get("name") == null || "".equals(m.get("name")) ? m.get("id") : m.get("name");
        Object perms = m.getOrDefault("permissions", List.of());
        return new Policy(name == null ? "" : name.toString(), id == null ? "" : id.toString(),
                m.get("pathPattern") == null ? "" : m.get("pathPattern").toString(),
                ((List<Object>) perms).stream().map(String::valueOf).toList());
    }
}
