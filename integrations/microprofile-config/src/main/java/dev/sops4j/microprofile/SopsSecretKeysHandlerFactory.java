package dev.sops4j.microprofile;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.SecretKeysHandler;
import io.smallrye.config.SecretKeysHandlerFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * SmallRye's {@code ${sops::...}} expressions: {@code ${sops::db.password}} is a value of the files in
 * {@code sops4j.files}; {@code ${sops::config/other.enc.yaml#db.password}} a value of the named file. Files are
 * decrypted once, when first used.
 */
public final class SopsSecretKeysHandlerFactory implements SecretKeysHandlerFactory {
    static final String NAME = "sops";

    @Override
    public SecretKeysHandler getSecretKeysHandler(ConfigSourceContext context) {
        SopsFileSettings settings = SopsFileSettings.read(context);
        Map<String, Map<String, String>> files = new HashMap<>();
        return new SecretKeysHandler() {
            @Override
            public synchronized String decode(String secret) {
                int hash = secret.lastIndexOf('#');
                if (hash >= 0) {
                    String file = secret.substring(0, hash);
                    String key = secret.substring(hash + 1);
                    return lookup(files.computeIfAbsent(file, f -> SopsFiles.read(f, settings.keys()).orElseThrow()),
                            key, file);
                }
                for (String entry : settings.files()) {
                    Map<String, String> values = files.computeIfAbsent(entry,
                            f -> SopsFiles.read(f, settings.keys()).orElse(Map.of()));
                    if (values.containsKey(secret)) {
                        return values.get(secret);
                    }
                }
                throw new NoSuchElementException("${sops::" + secret + "}: no file of sops4j.files has the key '"
                        + secret + "'");
            }

            @Override
            public String getName() {
                return NAME;
            }
        };
    }

    private static String lookup(Map<String, String> values, String key, String file) {
        String v = values.get(key);
        if (v == null) {
            throw new NoSuchElementException("${sops::" + file + "#" + key + "}: the sops file has no key '" + key + "'");
        }
        return v;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
