package dev.sops4j.gateway.policy;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of evaluating the policy for one request.
 *
 * @param allowed whether the request may proceed
 * @param ruleId  the deciding rule, or {@value #DEFAULT_DENY} when nothing allowed it
 * @param rule    the deciding rule itself (absent for the default)
 * @param trace   one line per rule considered, for {@code policy explain}; never sent to callers
 */
public record Decision(boolean allowed, String ruleId, Optional<Rule> rule, List<String> trace) {
    public static final String DEFAULT_DENY = "default-deny";

    public Decision {
        trace = List.copyOf(trace);
    }
}
