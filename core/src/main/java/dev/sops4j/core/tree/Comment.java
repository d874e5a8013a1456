package dev.sops4j.core.tree;

import java.util.Objects;

/**
 * A comment item. {@code text} is what follows the comment marker ({@code #} or {@code ;}), unchanged; when the
 * file is encrypted it is the {@code ENC[...,type:comment]} string. {@code inline} marks a comment that stood on the
 * same line as the preceding value ({@code key: v # c}), which YAML keeps inline since sops 3.13.
 */
public record Comment(String text, boolean inline) implements Element, MapEntry {
    public Comment {
        Objects.requireNonNull(text, "text");
    }

    public Comment(String text) {
        this(text, false);
    }

    public Comment withText(String newText) {
        return new Comment(newText, inline);
    }
}
