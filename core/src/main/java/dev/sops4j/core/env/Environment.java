package dev.sops4j.core.env;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment as a value, so key sources and config lookup never read {@code System.getenv} directly
 * and tests can run in parallel with their own variables.
 */
public record Environment(Map<String, String> variables, Path home, Path workingDirectory) {
    public Environment {
        variables = Map.copyOf(variables);
    }

    /**
     * The real process environment. Home is {@code $HOME} when set (as Go's {@code os.UserHomeDir}, and so sops,
     * uses it; container CI jobs often run with a HOME that differs from the passwd entry), else {@code user.home}.
     */
    public static Environment system() {
        String home = System.getenv("HOME");
        return new Environment(System.getenv(),
                Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home),
                Path.of("").toAbsolutePath());
    }

    /** A variable's value, absent when unset or empty (sops treats both alike). */
    public Optional<String> get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public Environment with(String name, String value) {
        var copy = new java.util.HashMap<>(variables);
        copy.put(name, value);
        return new Environment(copy, home, workingDirectory);
    }
}
