package dev.sops4j.core.config;

import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.text.GoRegex;
import java.util.List;
import java.util.Optional;

/**
 * One {@code creation_rules} entry of .sops.yaml. {@code pathRegex} empty matches every file;
 * {@code shamirThreshold} 0 means unset; {@code keyGroups} already merged and de-duplicated.
 */
public record CreationRule(Optional<GoRegex> pathRegex, List<KeyGroup> keyGroups, int shamirThreshold,
        Optional<EncryptionRule> encryptionRule, boolean macOnlyEncrypted, int line) {
    public CreationRule {
        keyGroups = List.copyOf(keyGroups);
    }

    /**
     * sops matches the unanchored regex against the path relative to the config file's directory, with Go's
     * syntax and in linear time.
     */
    public boolean matches(String relativePath) {
        return pathRegex.map(p -> p.find(relativePath)).orElse(true);
    }
}
