package dev.sops4j.core.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The small JSON bodies of key service REST APIs: objects read into maps (nested maps, lists, strings; numbers and
 * booleans as their text), flat string objects written. Not for documents: the stores have their own codecs.
 */
public final class JsonMaps {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonMaps() {
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} (no input echoed) when it is not one. */
    public static Map<String, Object> parse(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) value(p);
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
    }

    private static Object value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return p.getText();
            }
        }
    }

    /** A string member of {@code m}, or of a nested object when {@code path} has several names. */
    public static Optional<String> string(Map<String, Object> m, String... path) {
        Object cur = m;
        for (String name : path) {
            if (!(cur instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            cur = map.get(name);
        }
        return cur instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A flat object of string members, in the given order. */
    public static byte[] write(Map<String, String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : fields.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
