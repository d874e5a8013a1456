package dev.sops4j.gateway.config;

import dev.sops4j.core.error.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, strict access to a parsed YAML mapping. Every getter names the offending key in its one-line
 * {@link ConfigException}, and {@link #onlyKeys} refuses unknown keys so that a typo fails the load instead of
 * silently dropping a restriction.
 */
public record Yaml(String where, Map<String, Object> map) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public static Yaml of(String where, Object node) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new ConfigException(where + ": expected a mapping");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new ConfigException(where + ": keys must be strings, found " + k);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return new Yaml(where, typed);
    }

    public Yaml onlyKeys(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : map.keySet()) {
            if (!ok.contains(k)) {
                throw new ConfigException(where + ": unknown key '" + k + "' (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public String string(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new ConfigException(where + ": missing '" + key + "'");
        }
        if (v instanceof Map || v instanceof List) {
            throw new ConfigException(where + "." + key + ": expected a scalar");
        }
        String s = String.valueOf(v);
        if (s.isBlank()) {
            throw new ConfigException(where + "." + key + ": must not be empty");
        }
        return s;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (v instanceof Integer i && i >= 0) {
            return i;
        }
        throw new ConfigException(where + "." + key + ": expected a non-negative integer");
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        if (map.get(key) instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(where + "." + key + ": expected true or false");
    }

    public Duration duration(String key, Duration fallback) {
        return has(key) ? parseDuration(where + "." + key, string(key)) : fallback;
    }

    public List<String> strings(String key, List<String> fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (!(v instanceof List<?> l)) {
            throw new ConfigException(where + "." + key + ": expected a list");
        }
        for (Object o : l) {
            if (o == null || o instanceof Map || o instanceof List) {
                throw new ConfigException(where + "." + key + ": expected a list of scalars");
            }
        }
        return l.stream().map(String::valueOf).toList();
    }

    public List<Object> list(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new ConfigException(where + "." + key + ": expected a list");
        }
        return List.copyOf(l);
    }

    public Yaml sub(String key) {
        return Yaml.of(where + "." + key, map.get(key));
    }

    public static Duration parseDuration(String where, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(where + ": '" + text + "' is not a duration (use e.g. 500ms, 60s, 10m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
