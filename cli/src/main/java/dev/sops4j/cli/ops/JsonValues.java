package dev.sops4j.cli.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON value of {@code sops set}. sops decodes a scalar with Go's {@code encoding/json}, so a bare number is
 * always a float64 ({@code type:float}); numbers inside an object or array go through its JSON store, where an
 * integer literal stays an int (3.13.2 behaviour).
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {
    }

    public static Node parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw invalid("empty value");
            }
            Node n = value(p, t, true);
            if (p.nextToken() != null) {
                throw invalid("trailing data after the value");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw invalid(oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static Node value(JsonParser p, JsonToken t, boolean topLevel) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                List<MapEntry> entries = new ArrayList<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    entries.add(new Pair(key, value(p, p.nextToken(), false)));
                }
                yield new Mapping(entries);
            }
            case START_ARRAY -> {
                List<Element> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, i, false));
                }
                yield new Sequence(items);
            }
            case VALUE_STRING -> new StrValue(p.getText());
            case VALUE_NUMBER_INT -> topLevel ? new FloatValue(p.getDoubleValue()) : intOrFloat(p);
            case VALUE_NUMBER_FLOAT -> new FloatValue(p.getDoubleValue());
            case VALUE_TRUE -> new BoolValue(true);
            case VALUE_FALSE -> new BoolValue(false);
            case VALUE_NULL -> NullValue.INSTANCE;
            default -> throw invalid("unexpected " + t);
        };
    }

    private static Node intOrFloat(JsonParser p) throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return new FloatValue(p.getDoubleValue());
        }
        return new IntValue(p.getLongValue());
    }

    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static UsageException invalid(String why) {
        return new UsageException(ExitCode.INVALID_SET_FORMAT,
                "Error: the value is not valid JSON (" + why + "); quote strings, e.g. '\"text\"'", null);
    }
}
