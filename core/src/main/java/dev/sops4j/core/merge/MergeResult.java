package dev.sops4j.core.merge;

import dev.sops4j.core.tree.Mapping;
import java.util.List;

/**
 * The merged documents and the conflicts met on the way. At every conflict the merged tree holds ours, so
 * {@code branches} is always a complete, valid tree.
 */
public record MergeResult(List<Mapping> branches, List<Conflict> conflicts) {
    public MergeResult {
        branches = List.copyOf(branches);
        conflicts = List.copyOf(conflicts);
    }

    public boolean clean() {
        return conflicts.isEmpty();
    }

    /** Never the plaintext. */
    @Override
    public String toString() {
        return "MergeResult[" + branches.size() + " document(s), " + conflicts.size() + " conflict(s)]";
    }
}
