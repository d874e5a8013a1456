package dev.sops4j.gateway.policy;

import java.util.Arrays;
import java.util.Optional;

/** What a caller may do with a logical key name. */
public enum Action {
    UNWRAP("unwrap"), WRAP("wrap"), READ_SECRET("read-secret");

    private final String text;

    Action(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<Action> parse(String s) {
        return Arrays.stream(values()).filter(a -> a.text.equals(s)).findFirst();
    }
}
