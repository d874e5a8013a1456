package dev.sops4j.core.engine;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.text.GoRegex;
import java.util.List;

/**
 * sops' {@code shouldBeEncrypted}: decides for one value or comment from the key names on its path and the
 * "active" comments (those directly preceding it and each of its ancestors). Regexes are compiled once, with Go's
 * syntax and in linear time ({@link GoRegex}); like sops, a regex Go cannot compile matches nothing when a file
 * is read, and a new file refuses it ({@link #requireValid}).
 */
final class EncryptionPolicy {
    private final EncryptionRule rule;
    /** Null for the suffix rules and for a regex Go refuses (sops ignores the error: nothing matches). */
    private final GoRegex pattern;

    EncryptionPolicy(EncryptionRule rule) {
        this.rule = rule;
        this.pattern = isRegex(rule) ? GoRegex.tryCompile(rule.value()).orElse(null) : null;
    }

    private static boolean isRegex(EncryptionRule rule) {
        return switch (rule.kind()) {
            case UNENCRYPTED_REGEX, ENCRYPTED_REGEX, UNENCRYPTED_COMMENT_REGEX, ENCRYPTED_COMMENT_REGEX -> true;
            default -> false;
        };
    }

    /**
     * Refuses a regex Go cannot compile in a rule for a NEW file. sops would write the file and let the regex
     * match nothing, which for {@code encrypted_regex} leaves every value in clear; sops4j names the error instead.
     */
    static void requireValid(EncryptionRule rule) {
        if (!isRegex(rule)) {
            return;
        }
        try {
            GoRegex.compile(rule.value());
        } catch (GoRegex.Invalid e) {
            throw new MetadataException(ExitCode.GENERIC, "invalid " + rule.kind().metadataKey() + " '"
                    + rule.value() + "': " + e.description(), null);
        }
    }

    private boolean matches(String s) {
        return pattern != null && pattern.find(s);
    }

    /**
     * True when an encrypted comment would itself match {@code unencrypted_comment_regex}: decryption would then
     * take it for a marker and leave the following values encrypted, so sops refuses to write such a file.
     */
    boolean encryptedCommentLooksLikeMarker(String encryptedComment) {
        return rule.kind() == EncryptionRule.Kind.UNENCRYPTED_COMMENT_REGEX && !rule.value().isEmpty()
                && matches(encryptedComment);
    }

    /** Whether a key on the path ends with {@code suffix} or, with {@code regex}, matches the rule's regex. */
    private boolean anyKey(List<String> path, String suffix, boolean regex) {
        // a loop, not a stream: this runs for every value of a file (100,000 for a big one) under C1
        for (int i = 0; i < path.size(); i++) {
            if (regex ? matches(path.get(i)) : path.get(i).endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param path the mapping keys from the root
     * @param comments one list per enclosing mapping/sequence of the comments that precede the current item
     * @param isComment whether the item is itself a comment (the last active comment)
     */
    boolean shouldEncrypt(List<String> path, List<List<String>> comments, boolean isComment) {
        String v = rule.value();
        if (v.isEmpty()) {
            return true;
        }
        switch (rule.kind()) {
            case UNENCRYPTED_SUFFIX:
                return !anyKey(path, v, false);
            case ENCRYPTED_SUFFIX:
                return anyKey(path, v, false);
            case UNENCRYPTED_REGEX:
                return !anyKey(path, v, true);
            case ENCRYPTED_REGEX:
                return anyKey(path, v, true);
            case UNENCRYPTED_COMMENT_REGEX:
                for (List<String> level : comments) {
                    for (String c : level) {
                        if (matches(c)) {
                            return false;
                        }
                    }
                }
                return true;
            case ENCRYPTED_COMMENT_REGEX:
                int lastLevel = comments.size() - 1;
                for (int i = 0; i < comments.size(); i++) {
                    List<String> level = comments.get(i);
                    for (int j = 0; j < level.size(); j++) {
                        // The marker comment itself stays clear: skip the item's own entry.
                        if (isComment && i == lastLevel && j == level.size() - 1) {
                            continue;
                        }
                        if (matches(level.get(j))) {
                            return true;
                        }
                    }
                }
                return false;
            default:
                throw new IllegalStateException(rule.kind().name());
        }
    }
}
