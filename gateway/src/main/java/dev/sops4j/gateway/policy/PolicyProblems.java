package dev.sops4j.gateway.policy;

import dev.sops4j.core.error.ConfigException;
import java.util.List;
import java.util.Optional;

/**
 * Every problem found in a policy file, carried as the cause of the one {@link ConfigException} the loader throws,
 * so that {@code policy lint} can report them all at once. The exception's message is one line: the first problem
 * and how many more there are.
 */
public final class PolicyProblems extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    private PolicyProblems(List<String> problems) {
        super(null, null, false, false);
        this.problems = List.copyOf(problems);
    }

    static ConfigException of(List<String> problems) {
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem"
                + (problems.size() > 2 ? "s" : "") + ")" : "";
        return new ConfigException(problems.get(0) + more, new PolicyProblems(problems));
    }

    /** Every problem, when {@code e} came from the policy loader; otherwise just its message. */
    public static List<String> in(ConfigException e) {
        return Optional.ofNullable(e.getCause()).filter(PolicyProblems.class::isInstance)
                .map(c -> ((PolicyProblems) c).problems).orElse(List.of(e.getMessage()));
    }
}
