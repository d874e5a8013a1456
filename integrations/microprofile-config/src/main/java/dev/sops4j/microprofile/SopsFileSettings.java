package dev.sops4j.microprofile;

import dev.sops4j.core.api.SopsSettings;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sops4j.*} configuration read before the sops files: which files ({@code sops4j.files}, comma
 * separated paths or {@code classpath:} names, each may start with {@code optional:}), the ordinal of their config
 * sources ({@code sops4j.ordinal}) and key settings that stand for environment variables.
 */
record SopsFileSettings(List<String> files, int ordinal, SopsSettings keys) {
    static final int DEFAULT_ORDINAL = 275;

    private static final Map<String, String> KEY_PROPERTIES = Map.of(
            "sops4j.age.key-file", "SOPS_AGE_KEY_FILE",
            "sops4j.pgp.gnupg-home", "GNUPGHOME",
            "sops4j.aws.profile", "AWS_PROFILE");

    static SopsFileSettings read(ConfigSourceContext context) {
        List<String> files = new ArrayList<>();
        value(context, "sops4j.files").ifPresent(v -> {
            for (String f : v.split(",")) {
                if (!f.isBlank()) {
                    files.add(f.trim());
                }
            }
        });
        int ordinal = value(context, "sops4j.ordinal").map(Integer::parseInt).orElse(DEFAULT_ORDINAL);
        SopsSettings keys = SopsSettings.defaults();
        for (Map.Entry<String, String> e : KEY_PROPERTIES.entrySet()) {
            Optional<String> v = value(context, e.getKey());
            if (v.isPresent()) {
                keys = keys.withVariable(e.getValue(), v.get());
            }
        }
        return new SopsFileSettings(List.copyOf(files), ordinal, keys);
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? Optional.empty() : Optional.of(v.getValue());
    }
}
