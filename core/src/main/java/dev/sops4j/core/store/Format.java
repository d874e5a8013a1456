package dev.sops4j.core.store;

import dev.sops4j.core.error.UsageException;
import java.util.Locale;

/** The file formats sops knows, with sops' detection by extension (anything unknown is binary). */
public enum Format {
    YAML("yaml"),
    JSON("json"),
    DOTENV("dotenv"),
    INI("ini"),
    BINARY("binary");

    private final String cliName;

    Format(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Format fromPath(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".yaml") || p.endsWith(".yml")) {
            return YAML;
        }
        if (p.endsWith(".json")) {
            return JSON;
        }
        if (p.endsWith(".env")) {
            return DOTENV;
        }
        if (p.endsWith(".ini")) {
            return INI;
        }
        return BINARY;
    }

    /** Parses an {@code --input-type}/{@code --output-type} value. */
    public static Format fromCliName(String name) {
        for (Format f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new UsageException("unknown format '" + name + "': use one of json, yaml, dotenv, ini, binary");
    }
}
