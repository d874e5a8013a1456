package dev.sops4j.core.config;

import java.nio.file.Path;
import java.util.Optional;

/** A key of .sops.yaml that sops does not know (ignored by sops, so usually a typo). */
public record ConfigWarning(Path file, int line, String key, String where, Optional<String> closest) {

    /** {@code .sops.yaml:3: unknown key 'path_regx' in a creation rule (did you mean 'path_regex'?); it is ignored}. */
    public String message() {
        return file + ":" + line + ": unknown key '" + key + "' in " + article(where)
                + closest.map(c -> " (did you mean '" + c + "'?)").orElse("") + "; it is ignored";
    }

    private static String article(String where) {
        return where.equals("top level") || where.equals("stores") ? "the " + where : "a " + where;
    }
}
