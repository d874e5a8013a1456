package dev.sops4j.core.store;

/** Creates the store for a format: the composition root of formats. */
public final class Stores {
    private Stores() {
    }

    public static Store create(Format format, StoreSettings settings) {
        return switch (format) {
            case YAML -> new dev.sops4j.core.store.yaml.YamlStore(settings.yamlIndent() == null ? 4 : settings.yamlIndent());
            case JSON -> new dev.sops4j.core.store.json.JsonStore(settings.jsonIndent() == null ? -1 : settings.jsonIndent());
            case DOTENV -> new dev.sops4j.core.store.dotenv.DotenvStore();
            case INI -> new dev.sops4j.core.store.ini.IniStore();
            case BINARY -> new dev.sops4j.core.store.binary.BinaryStore(
                    settings.jsonBinaryIndent() == null ? -1 : settings.jsonBinaryIndent());
        };
    }
}
