package dev.sops4j.gateway.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded policy: issuers plus rules. Deny by default; any matching deny rule whose scope covers the request wins
 * over every allow rule; otherwise the first matching allow rule whose grant covers the request decides.
 *
 * @param issuers       by policy name
 * @param rules         in file order
 * @param replayActions actions for which a token's {@code jti} may be used only once (always includes wrap)
 * @param warnings      lint findings that did not stop the load
 */
public record Policy(Map<String, IssuerConfig> issuers, List<Rule> rules, Set<Action> replayActions,
                     List<String> warnings) {
    public Policy {
        issuers = Map.copyOf(issuers);
        rules = List.copyOf(rules);
        replayActions = Set.copyOf(replayActions);
        warnings = List.copyOf(warnings);
    }

    /** The configured issuer whose {@code iss} is exactly {@code iss}. */
    public Optional<IssuerConfig> issuerFor(String iss) {
        return issuers.values().stream().filter(i -> i.issuer().equals(iss)).findFirst();
    }

    public Decision decide(Claims claims, Action action, String key) {
        List<String> trace = new ArrayList<>();
        for (Rule r : rules) {
            if (r.effect() != Rule.Effect.DENY) {
                continue;
            }
            Optional<String> miss = r.mismatch(claims);
            if (miss.isPresent()) {
                trace.add("deny  " + r.id() + ": does not apply: " + miss.get());
            } else if (!r.covers(action, key)) {
                trace.add("deny  " + r.id() + ": conditions hold but its scope does not cover " + action.text() + " on " + key);
            } else {
                trace.add("deny  " + r.id() + ": APPLIES: deny rules win");
                return new Decision(false, r.id(), Optional.of(r), trace);
            }
        }
        for (Rule r : rules) {
            if (r.effect() != Rule.Effect.ALLOW) {
                continue;
            }
            Optional<String> miss = r.mismatch(claims);
            if (miss.isPresent()) {
                trace.add("allow " + r.id() + ": does not apply: " + miss.get());
            } else if (!r.actions().contains(action)) {
                trace.add("allow " + r.id() + ": conditions hold but it grants " + actionList(r) + ", not " + action.text());
            } else if (!r.keyCovered(key)) {
                trace.add("allow " + r.id() + ": conditions hold but key " + key + " is outside " + r.keyGlobs());
            } else {
                trace.add("allow " + r.id() + ": APPLIES");
                return new Decision(true, r.id(), Optional.of(r), trace);
            }
        }
        trace.add("no rule allows " + action.text() + " on " + key + ": denied by default");
        return new Decision(false, Decision.DEFAULT_DENY, Optional.empty(), trace);
    }

    /** Allow rules whose conditions hold and no deny rule with unrestricted scope applies; for whoami. */
    public List<Rule> matchingAllows(Claims claims) {
        return rules.stream().filter(r -> r.effect() == Rule.Effect.ALLOW && r.mismatch(claims).isEmpty()).toList();
    }

    /** Explains how the claims fare against every rule, without a particular request. */
    public List<String> describeMatches(Claims claims) {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            Optional<String> miss = r.mismatch(claims);
            String head = (r.effect() == Rule.Effect.ALLOW ? "allow " : "deny  ") + r.id() + ": ";
            if (miss.isPresent()) {
                out.add(head + "does not apply: " + miss.get());
            } else if (r.effect() == Rule.Effect.ALLOW) {
                out.add(head + "applies: grants " + actionList(r) + " on " + r.keyGlobs()
                        + r.limit().map(l -> " (rate " + l.text() + ")").orElse(""));
            } else {
                out.add(head + "applies: denies " + (r.actions().isEmpty() ? "every action" : actionList(r))
                        + " on " + (r.keys().isEmpty() ? "every key" : r.keyGlobs().toString()));
            }
        }
        return out;
    }

    private static String actionList(Rule r) {
        return r.actions().stream().map(Action::text).sorted().toList().toString();
    }
}
