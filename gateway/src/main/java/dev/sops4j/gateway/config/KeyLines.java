package dev.sops4j.gateway.config;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The line of every key in a YAML document, by dotted path ({@code state.redis.url}), so errors can name it. */
final class KeyLines {
    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static KeyLines of(String yaml) {
        Map<String, Integer> m = new HashMap<>();
        try (YAMLParser p = new YAMLFactory().createParser(yaml)) {
            Deque<String> path = new ArrayDeque<>();
            String pending = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        pending = p.currentName();
                        String prefix = String.join(".", (Iterable<String>) () -> path.descendingIterator());
                        m.putIfAbsent(prefix.isEmpty() ? pending : prefix + "." + pending,
                                p.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT -> {
                        path.push(pending == null ? "" : pending);
                        pending = null;
                    }
                    case END_OBJECT -> path.pop();
                    case START_ARRAY -> {
                        path.push(pending == null ? "" : pending);
                        pending = null;
                    }
                    case END_ARRAY -> path.pop();
                    default -> pending = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the binder reports the syntax error with its own line
        }
        Map<String, Integer> clean = new HashMap<>();
        m.forEach((k, v) -> clean.put(k.replaceFirst("^\\.", ""), v));
        return new KeyLines(clean);
    }

    java.util.Optional<Integer> line(String key) {
        return java.util.Optional.ofNullable(lines.get(key));
    }

    /** "line N: key" when the key is in the document, else just "key". */
    String where(String key) {
        Integer n = lines.get(key);
        return n == null ? key : "line " + n + ": " + key;
    }
}
