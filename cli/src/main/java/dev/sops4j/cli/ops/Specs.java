package dev.sops4j.cli.ops;

import dev.sops4j.cli.options.KeyOptions;
import dev.sops4j.cli.options.RuleOptions;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.metadata.EncryptionRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a new file is encrypted with, sops' way: keys from flags (or their environment variables) win over the
 * matching .sops.yaml creation rule; flag rules and threshold override the config's; mac_only_encrypted is OR-ed.
 */
public final class Specs {
    private Specs() {
    }

    public static EncryptionSpec forNewFile(Session s, KeyOptions keys, RuleOptions rules, Optional<Path> name) {
        KeyOptions k = keys == null ? new KeyOptions() : keys;
        RuleOptions r = rules == null ? new RuleOptions() : rules;
        List<KeyRef> flagKeys = KeyGroups.fromFlags(k, s.ctx().env(), s.keyRefs());
        Optional<EncryptionRule> flagRule = flagRule(r);
        Optional<SopsConfig> config = s.config();
        Optional<CreationRule> rule = Optional.empty();
        if (config.isPresent() && name.isPresent()) {
            rule = flagKeys.isEmpty() ? Optional.of(config.get().requireRuleFor(name.get()))
                    : config.get().ruleFor(name.get());
        }
        List<KeyGroup> groups;
        if (!flagKeys.isEmpty()) {
            groups = List.of(new KeyGroup(flagKeys));
        } else if (rule.isPresent() && !rule.get().keyGroups().isEmpty()) {
            groups = rule.get().keyGroups();
        } else {
            throw new UsageException(ExitCode.GENERIC, "Error: no master keys given: use --age/--pgp/--kms/--nexus, "
                    + "SOPS_AGE_RECIPIENTS or a .sops.yaml creation rule with keys", null);
        }
        KeyGroups.requireSupported(groups);
        int threshold = k.shamirThreshold != null ? k.shamirThreshold
                : rule.map(CreationRule::shamirThreshold).orElse(0);
        if (threshold < 0 || threshold > groups.size()) {
            throw new UsageException("Error: shamir threshold " + threshold + " must be between 1 and the number of key groups ("
                    + groups.size() + ")");
        }
        Optional<EncryptionRule> encRule = flagRule.isPresent() ? flagRule
                : rule.flatMap(CreationRule::encryptionRule);
        boolean macOnly = r.macOnlyEncrypted || rule.map(CreationRule::macOnlyEncrypted).orElse(false);
        return new EncryptionSpec(groups, threshold, encRule, macOnly);
    }

    static Optional<EncryptionRule> flagRule(RuleOptions r) {
        Optional<EncryptionRule> out = Optional.empty();
        String[][] all = {
            {r.unencryptedSuffix, "UNENCRYPTED_SUFFIX"}, {r.encryptedSuffix, "ENCRYPTED_SUFFIX"},
            {r.unencryptedRegex, "UNENCRYPTED_REGEX"}, {r.encryptedRegex, "ENCRYPTED_REGEX"},
            {r.unencryptedCommentRegex, "UNENCRYPTED_COMMENT_REGEX"}, {r.encryptedCommentRegex, "ENCRYPTED_COMMENT_REGEX"}};
        for (String[] pair : all) {
            if (pair[0] == null || pair[0].isEmpty()) {
                continue;
            }
            if (out.isPresent()) {
                throw new UsageException("Error: cannot use more than one of encrypted_suffix, unencrypted_suffix, "
                        + "encrypted_regex, unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex "
                        + "for the same rule");
            }
            out = Optional.of(new EncryptionRule(EncryptionRule.Kind.valueOf(pair[1]), pair[0]));
        }
        return out;
    }
}
