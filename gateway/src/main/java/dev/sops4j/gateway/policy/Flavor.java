package dev.sops4j.gateway.policy;

import java.util.List;

/** CI providers whose claim sets the gateway knows: which claims are immutable ids and which are string booleans. */
public enum Flavor {
    GITHUB(List.of("repository_id", "repository_owner_id", "enterprise_id", "actor_id"), List.of()),
    GITLAB(List.of("project_id", "namespace_id", "user_id"), List.of("ref_protected", "environment_protected")),
    /** Any other issuer: the policy file names its immutable claims. */
    GENERIC(List.of(), List.of());

    private final List<String> immutableIds;
    private final List<String> stringBooleans;

    Flavor(List<String> immutableIds, List<String> stringBooleans) {
        this.immutableIds = immutableIds;
        this.stringBooleans = stringBooleans;
    }

    public List<String> immutableIds() {
        return immutableIds;
    }

    public List<String> stringBooleans() {
        return stringBooleans;
    }
}
