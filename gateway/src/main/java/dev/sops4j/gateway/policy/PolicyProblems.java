package dev.sops4j.gateway.policy;

import dev.sops4j.core.error.ConfigException;
import java.util.List;

/**
 * Every problem found in a policy file, so that {@code policy lint} can report them all at once. The message is one
 * line: the first problem and how many more there are.
 */
public final class PolicyProblems extends ConfigException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public PolicyProblems(List<String> problems) {
        super(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem"
                + (problems.size() > 2 ? "s" : "") + ")" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
