package dev.sops4j.cli.command.git;

import dev.sops4j.core.merge.Conflict;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Sequence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The text {@code sops4j git mergetool} opens: a header of {@value #MARK} lines describing each conflict (base,
 * ours, theirs), then the merged document holding ours at every conflict. The header is removed again before the
 * resolution is parsed, whatever the format (JSON has no comments of its own).
 */
final class ConflictFile {
    static final String MARK = "#>>";

    private ConflictFile() {
    }

    static byte[] render(String name, List<Conflict> conflicts, boolean keysConflict, Store store, byte[] document) {
        StringBuilder h = new StringBuilder();
        h.append(MARK).append(" sops4j git mergetool: ").append(name).append(": ").append(conflicts.size())
                .append(" conflict(s). The document below holds OURS at each one.\n");
        h.append(MARK).append(" Edit it to the resolution, save and quit. Lines starting with ").append(MARK)
                .append(" are dropped; the result is encrypted again.\n");
        if (keysConflict) {
            h.append(MARK).append(" Both sides changed the key groups: ours are kept; use sops4j updatekeys/rotate after.\n");
        }
        int i = 1;
        for (Conflict c : conflicts) {
            h.append(MARK).append('\n');
            h.append(MARK).append(" conflict ").append(i++).append(" at ").append(c.describePath()).append(
                    c.subject() == Conflict.Subject.COMMENTS ? " (comments)" : "").append('\n');
            side(h, "base:  ", c.base(), store);
            side(h, "ours:  ", c.ours(), store);
            side(h, "theirs:", c.theirs(), store);
        }
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + document.length);
        out.writeBytes(head);
        out.writeBytes(document);
        return out.toByteArray();
    }

    private static void side(StringBuilder h, String label, Optional<Node> value, Store store) {
        h.append(MARK).append("   ").append(label);
        if (value.isEmpty()) {
            h.append(" (absent)\n");
            return;
        }
        String text = text(value.get(), store);
        List<String> lines = text.lines().toList();
        if (lines.size() == 1) {
            h.append(' ').append(lines.get(0)).append('\n');
            return;
        }
        h.append('\n');
        for (String l : lines) {
            h.append(MARK).append("     ").append(l).append('\n');
        }
    }

    private static String text(Node n, Store store) {
        if (n instanceof Sequence s && !s.items().isEmpty() && s.items().stream().allMatch(e -> e instanceof Comment)) {
            StringBuilder b = new StringBuilder();
            for (Element e : s.items()) {
                b.append('#').append(((Comment) e).text()).append('\n');
            }
            return b.toString();
        }
        try {
            return new String(store.emitValue(n), StandardCharsets.UTF_8).stripTrailing();
        } catch (RuntimeException e) {
            return String.valueOf(n);
        }
    }

    /** The edited text without its header lines. */
    static byte[] strip(byte[] edited) {
        String text = new String(edited, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("(?<=\n)", -1)) {
            if (!line.startsWith(MARK)) {
                out.append(line);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
