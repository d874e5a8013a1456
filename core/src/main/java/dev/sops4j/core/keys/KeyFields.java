package dev.sops4j.core.keys;

import java.util.Map;

/**
 * Typed access to one key entry of the {@code sops:} block while it is read. Absent fields read as {@code ""} or
 * an empty map; wrongly typed ones throw a one-line metadata error naming the field.
 */
public interface KeyFields {
    String string(String name);

    Map<String, String> stringMap(String name);
}
