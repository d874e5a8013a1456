package dev.sops4j.core.engine;

import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.metadata.EncryptionRule;
import java.util.List;
import java.util.Optional;

/**
 * What a new file is encrypted with: key groups (keys with empty {@code enc}), Shamir threshold (0 = number of
 * groups), the encryption rule (empty = sops' default {@code unencrypted_suffix: _unencrypted}) and
 * {@code mac_only_encrypted}.
 */
public record EncryptionSpec(List<KeyGroup> keyGroups, int shamirThreshold, Optional<EncryptionRule> rule,
        boolean macOnlyEncrypted) {
    public EncryptionSpec {
        keyGroups = List.copyOf(keyGroups);
    }
}
