package dev.sops4j.core;

/**
 * Where the library reports what sops logs as a warning and carries on (core never writes to a console itself).
 * A program wires its own output here ({@link Sops4j.Builder#warnings}); the default drops them. Messages never
 * carry file content.
 */
@FunctionalInterface
public interface Warnings {
    Warnings NONE = message -> {
    };

    void warn(String message);
}
