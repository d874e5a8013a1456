package dev.sops4j.core.engine;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.metadata.EncryptionRule;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * sops' {@code shouldBeEncrypted}: decides for one value or comment from the key names on its path and the
 * "active" comments (those directly preceding it and each of its ancestors). Regexes are compiled once.
 */
final class EncryptionPolicy {
    private final EncryptionRule rule;
    private final Pattern pattern;

    EncryptionPolicy(EncryptionRule rule) {
        this.rule = rule;
        this.pattern = switch (rule.kind()) {
            case UNENCRYPTED_REGEX, ENCRYPTED_REGEX, UNENCRYPTED_COMMENT_REGEX, ENCRYPTED_COMMENT_REGEX ->
                    compile(rule);
            default -> null;
        };
    }

    private static Pattern compile(EncryptionRule rule) {
        try {
            return Pattern.compile(rule.value());
        } catch (PatternSyntaxException e) {
            throw new MetadataException(ExitCode.GENERIC, "invalid " + rule.kind().metadataKey() + " '" + rule.value() + "': "
                    + e.getDescription(), e);
        }
    }

    /**
     * True when an encrypted comment would itself match {@code unencrypted_comment_regex}: decryption would then
     * take it for a marker and leave the following values encrypted, so sops refuses to write such a file.
     */
    boolean encryptedCommentLooksLikeMarker(String encryptedComment) {
        return rule.kind() == EncryptionRule.Kind.UNENCRYPTED_COMMENT_REGEX && !rule.value().isEmpty()
                && pattern.matcher(encryptedComment).find();
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
                return path.stream().noneMatch(k -> k.endsWith(v));
            case ENCRYPTED_SUFFIX:
                return path.stream().anyMatch(k -> k.endsWith(v));
            case UNENCRYPTED_REGEX:
                return path.stream().noneMatch(k -> pattern.matcher(k).find());
            case ENCRYPTED_REGEX:
                return path.stream().anyMatch(k -> pattern.matcher(k).find());
            case UNENCRYPTED_COMMENT_REGEX:
                for (List<String> level : comments) {
                    for (String c : level) {
                        if (pattern.matcher(c).find()) {
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
                        if (pattern.matcher(level.get(j)).find()) {
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
