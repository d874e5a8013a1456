package dev.sops4j.gateway.policy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One policy rule. It applies when every {@code all} condition holds and, if {@code any} is non-empty, at least one
 * of its groups holds entirely. For an allow rule {@code keys}/{@code actions} are the grant; for a deny rule they
 * scope the denial (empty = everything).
 */
public record Rule(String id, Effect effect, String issuer, List<Condition> all, List<List<Condition>> any,
                   List<Matcher.GlobMatch> keys, Set<Action> actions, Optional<RateLimit> limit) {

    public enum Effect { ALLOW, DENY }

    public Rule {
        all = List.copyOf(all);
        any = any.stream().map(List::copyOf).toList();
        keys = List.copyOf(keys);
        actions = Set.copyOf(actions);
    }

    /** Empty when the rule's conditions hold for {@code claims}; otherwise the first reason they do not. */
    public Optional<String> mismatch(Claims claims) {
        if (!issuer.equals(claims.issuerName())) {
            return Optional.of("issuer is " + claims.issuerName() + ", rule is for " + issuer);
        }
        for (Condition c : all) {
            if (!c.test(claims)) {
                return Optional.of(c.failure(claims));
            }
        }
        if (any.isEmpty() || any.stream().anyMatch(g -> g.stream().allMatch(c -> c.test(claims)))) {
            return Optional.empty();
        }
        return Optional.of("none of the 'any' groups holds");
    }

    /** Whether the grant (allow) or scope (deny) covers this action on this key. */
    public boolean covers(Action action, String key) {
        boolean actionOk = actions.isEmpty() ? effect == Effect.DENY : actions.contains(action);
        boolean keyOk = keys.isEmpty() ? effect == Effect.DENY
                : keyCovered(key);
        return actionOk && keyOk;
    }

    /** Whether any of this rule's key globs could match {@code key}; used by explain. */
    public boolean keyCovered(String key) {
        return keys.stream().anyMatch(g -> g.test(Optional.of(key)));
    }

    public List<String> keyGlobs() {
        return keys.stream().map(Matcher.GlobMatch::glob).toList();
    }
}
