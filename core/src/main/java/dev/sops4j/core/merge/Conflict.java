package dev.sops4j.core.merge;

import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.tree.Node;
import java.util.Optional;

/**
 * One place where ours and theirs changed the same thing differently. {@code path} is where it is (the root path
 * for a whole document); for {@link Subject#COMMENTS} the sides are {@link dev.sops4j.core.tree.Sequence}s holding
 * the comments in question. An empty side means the key is absent (deleted, or not yet added) on that side.
 * Holds plaintext: render it only into private places, never into messages or logs.
 */
public record Conflict(TreePath path, Subject subject, Optional<Node> base, Optional<Node> ours,
        Optional<Node> theirs) {

    /** What conflicts: a value (or a key's presence) or the comments attached to a key. */
    public enum Subject { VALUE, COMMENTS }

    @Override
    public String toString() {
        return "Conflict[" + subject + " at " + describePath() + "]";
    }

    /** The path as {@code set}/{@code --extract} write it; {@code (document)} for the root. */
    public String describePath() {
        String p = path.toString();
        return p.isEmpty() ? "(document)" : p;
    }
}
