package dev.sops4j.keys.hcvault;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How sops and Vault's own client find their settings: the token from {@code VAULT_TOKEN}, else
 * {@code ~/.vault-token} (trimmed); {@code VAULT_NAMESPACE}; TLS trust from {@code VAULT_CACERT} (a PEM file) or
 * {@code VAULT_CAPATH} (a directory of PEM files), or none at all with {@code VAULT_SKIP_VERIFY}. The address is
 * always the key's own {@code vault_address}; {@code VAULT_ADDR} is not consulted for keys in a file.
 */
record VaultSettings(Optional<String> token, Optional<String> namespace, Optional<Path> caCert,
        Optional<Path> caPath, boolean skipVerify) {

    static VaultSettings from(Environment env) {
        Optional<String> token = env.get("VAULT_TOKEN");
        if (token.isEmpty()) {
            Path file = env.home().resolve(".vault-token");
            if (Files.isRegularFile(file)) {
                try {
                    String t = Files.readString(file, StandardCharsets.UTF_8).strip();
                    token = t.isEmpty() ? Optional.empty() : Optional.of(t);
                } catch (IOException e) {
                    throw new KeySourceException("cannot read Vault token file " + file + ": " + e.getMessage());
                }
            }
        }
        return new VaultSettings(token, env.get("VAULT_NAMESPACE"), env.get("VAULT_CACERT").map(Path::of),
                env.get("VAULT_CAPATH").map(Path::of), env.get("VAULT_SKIP_VERIFY").map(VaultSettings::goBool)
                        .orElse(false));
    }

    /** Go's {@code strconv.ParseBool}, which Vault's client uses for {@code VAULT_SKIP_VERIFY}. */
    static boolean goBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new KeySourceException("could not parse VAULT_SKIP_VERIFY '" + v.toLowerCase(Locale.ROOT)
                    + "': use true or false");
        };
    }

    @Override
    public String toString() {
        return "VaultSettings[token=" + (token.isPresent() ? "(set)" : "(none)") + ", namespace=" + namespace
                + ", caCert=" + caCert + ", caPath=" + caPath + ", skipVerify=" + skipVerify + "]";
    }
}
