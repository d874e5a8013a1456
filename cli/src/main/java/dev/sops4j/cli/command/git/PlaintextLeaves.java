package dev.sops4j.cli.command.git;

import dev.sops4j.core.cipher.EncString;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.List;
import java.util.Optional;

/**
 * Finds a value that should be encrypted but is not, without a key: under sops' default rule
 * ({@code unencrypted_suffix: _unencrypted}) every non-null value outside {@code *_unencrypted} keys of a sops file
 * is an {@code ENC[...]} string, so anything else was added by hand. Other rules are not checked (their regexes are
 * the engine's business); the MAC check with a key covers them.
 */
final class PlaintextLeaves {
    private PlaintextLeaves() {
    }

    /** The key path of the first plaintext value, if any. */
    static Optional<String> first(List<Mapping> branches, Optional<EncryptionRule> rule) {
        if (!rule.orElse(EncryptionRule.DEFAULT).equals(EncryptionRule.DEFAULT)) {
            return Optional.empty();
        }
        for (Mapping m : branches) {
            Optional<String> hit = find(m, "");
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> find(Node n, String path) {
        if (n instanceof Mapping m) {
            for (Pair p : m.pairs()) {
                if (p.key().endsWith(EncryptionRule.DEFAULT.value())) {
                    continue;
                }
                Optional<String> hit = find(p.value(), path + "[\"" + p.key() + "\"]");
                if (hit.isPresent()) {
                    return hit;
                }
            }
            return Optional.empty();
        }
        if (n instanceof Sequence s) {
            int i = 0;
            for (Element e : s.items()) {
                if (e instanceof Node child) {
                    Optional<String> hit = find(child, path + "[" + i + "]");
                    if (hit.isPresent()) {
                        return hit;
                    }
                }
                i++;
            }
            return Optional.empty();
        }
        if (n instanceof NullValue || (n instanceof StrValue s && (s.value().isEmpty() || EncString.looksEncrypted(s.value())))) {
            return Optional.empty();
        }
        return Optional.of(path);
    }
}
