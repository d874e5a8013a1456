package dev.sops4j.nexus;

import dev.sops4j.core.error.UsageException;
import java.util.regex.Pattern;

/**
 * Rules for logical key names and the Nexus paths they map to. Only {@code [A-Za-z0-9_-]} segments joined by
 * {@code /} are allowed: Nexus policies match paths with (unanchored) regular expressions, so keeping regex
 * metacharacters such as {@code .} or {@code +} out of paths means a policy written for one key cannot
 * accidentally match another.
 */
public final class KeyNames {
    private static final Pattern SEGMENTS = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final int MAX_PATH = 500;

    private KeyNames() {
    }

    /** Throws a one-line {@link UsageException} when {@code name} is not a valid logical key name. */
    public static String check(String name) {
        if (name == null || name.length() > 200 || !SEGMENTS.matcher(name).matches()) {
            throw new UsageException("invalid Nexus key name '" + name
                    + "': use segments of letters, digits, '_' or '-' separated by '/'");
        }
        return name;
    }

    static void checkPrefix(String prefix) {
        if (prefix == null || !(prefix.isEmpty() || SEGMENTS.matcher(prefix.substring(0, prefix.length() - 1))
                .matches() && prefix.endsWith("/"))) {
            throw new UsageException("invalid Nexus path prefix '" + prefix
                    + "': use segments of letters, digits, '_' or '-' ending in '/'");
        }
    }

    /** The Nexus secret path that holds the keyset of {@code name}. */
    public static String path(String prefix, String name) {
        String path = prefix + check(name);
        if (path.length() > MAX_PATH) {
            throw new UsageException("Nexus path for key '" + name + "' is longer than " + MAX_PATH + " characters");
        }
        return path;
    }
}
