package dev.sops4j.core.store.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.CommentEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * Builds {@link Raw} documents from SnakeYAML's event stream (SnakeYAML is used only as a parser: no resolver, no
 * constructor). Comments are placed the way yaml.v3 attaches them and sops flattens them: a comment on the line of
 * an entry precedes that entry (inline); a comment on its own line belongs to the deepest open block whose
 * indentation does not exceed the comment's column, before the next entry or at the end of a closed block.
 */
final class EventReader {
    private final List<Raw.Document> documents = new ArrayList<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, Raw.Node> anchors = new HashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Raw.Container> closedSincePending = new ArrayList<>();
    private final List<Raw.Container> openedSincePending = new ArrayList<>();
    private final String text;
    /** The text's lines, split when the first comment needs its line (most big files have none). */
    private String[] lines;
    private Raw.Node root;
    private List<Raw.Comment> loose = new ArrayList<>();
    private int flowDepth;
    private int blockDepth;

    /** yaml.v3's bound on nested flow collections and on block indentation levels, each on its own. */
    static final int MAX_DEPTH = 10_000;

    private static final class Frame {
        final Raw.Container container;
        final String anchor;
        Raw.Node pendingKey;
        int pendingKeyLine = -1;
        int lastEntryLine = -1;
        int lastEntryIndex = -1;

        Frame(Raw.Container container, String anchor) {
            this.container = container;
            this.anchor = anchor;
        }
    }

    private record Pending(String text, int line, int column, boolean inline) {
    }

    private static final Pattern DASHES = Pattern.compile("[ \t]*(?:[:?][ \t]+)?-[ \t].*");

    static List<Raw.Document> read(String text) {
        return read(text, null);
    }

    /** @param printableAscii null, or the text's bytes when {@link LinearReader#isPrintableAscii} holds for them */
    static List<Raw.Document> read(String text, byte[] printableAscii) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        options.setAllowDuplicateKeys(true);
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setNestingDepthLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        EventReader reader = new EventReader(text);
        try {
            // The parser alone, as Yaml.parse runs it: a Yaml object would also build a constructor, whose
            // logger set-up searches the whole class path for logging services at start-up.
            Parser parser = new ParserImpl(new LinearReader(text, printableAscii), options);
            while (parser.peekEvent() != null) {
                reader.on(parser.getEvent());
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new YamlProblem("yaml: line " + line + ": " + oneLine(problem));
        } catch (YAMLException e) {
            throw new YamlProblem("yaml: " + oneLine(String.valueOf(e.getMessage())));
        }
        return reader.documents;
    }

    private EventReader(String text) {
        this.text = text;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private void on(Event e) {
        if (e instanceof CommentEvent c) {
            onComment(c);
        } else if (e instanceof DocumentStartEvent) {
            root = null;
            loose = new ArrayList<>();
            anchors.clear();
        } else if (e instanceof DocumentEndEvent) {
            placePending(true);
            documents.add(new Raw.Document(root, List.copyOf(loose)));
        } else if (e instanceof CollectionStartEvent s) {
            boolean isMap = s instanceof MappingStartEvent;
            Raw.Container c = new Raw.Container(isMap, s.isFlow(), s.getStartMark().getColumn(),
                    s.getStartMark().getLine() + 1);
            enter(c);
            if (s.isFlow()) {
                // A flow collection holds no comments of its own: it is the next token for those pending.
                placePending(false);
            } else if (!pending.isEmpty()) {
                openedSincePending.add(c);
            }
            if (s.getAnchor() != null) {
                openAnchors.add(s.getAnchor());
            }
            stack.push(new Frame(c, s.getAnchor()));
        } else if (e instanceof MappingEndEvent || e instanceof SequenceEndEvent) {
            Frame f = stack.pop();
            if (f.container.flow) {
                flowDepth--;
            } else {
                blockDepth--;
            }
            if (f.container.mapping && f.pendingKey != null) {
                f.container.items.add(new Raw.Pair(f.pendingKey, new Raw.Scalar("", null, true, f.pendingKeyLine)));
            }
            if (!pending.isEmpty() && !f.container.flow && !openedSincePending.remove(f.container)) {
                closedSincePending.add(f.container);
            }
            if (f.anchor != null) {
                openAnchors.remove(f.anchor);
                anchors.put(f.anchor, f.container);
            }
            deliver(f.container, f.container.line);
        } else if (e instanceof ScalarEvent s) {
            Raw.Scalar node = new Raw.Scalar(s.getValue(), s.getTag(), s.isPlain(), s.getStartMark().getLine() + 1);
            if (s.getAnchor() != null) {
                anchors.put(s.getAnchor(), node);
            }
            placePending(false);
            deliver(node, node.line());
        } else if (e instanceof AliasEvent a) {
            String name = ((NodeEvent) a).getAnchor();
            if (openAnchors.contains(name)) {
                throw new YamlProblem("yaml: anchor '" + name + "' value contains itself");
            }
            Raw.Node target = anchors.get(name);
            if (target == null) {
                throw new YamlProblem("yaml: unknown anchor '" + name + "' referenced");
            }
            placePending(false);
            int line = a.getStartMark().getLine() + 1;
            deliver(new Raw.Alias(name, target, line), line);
        }
    }

    /** yaml.v3 stops at the same depths with the same messages (a block level names its line). */
    private void enter(Raw.Container c) {
        if (c.flow && ++flowDepth > MAX_DEPTH) {
            throw new YamlProblem("yaml: exceeded max depth of " + MAX_DEPTH);
        }
        if (!c.flow && ++blockDepth > MAX_DEPTH) {
            throw new YamlProblem("yaml: line " + c.line + ": exceeded max depth of " + MAX_DEPTH);
        }
    }

    private void deliver(Raw.Node node, int line) {
        Frame top = stack.peek();
        if (top == null) {
            root = node;
            return;
        }
        Raw.Container c = top.container;
        if (c.mapping) {
            if (top.pendingKey == null) {
                top.pendingKey = node;
                top.pendingKeyLine = line;
                return;
            }
            c.items.add(new Raw.Pair(top.pendingKey, node));
            top.lastEntryLine = top.pendingKeyLine;
            top.pendingKey = null;
            top.pendingKeyLine = -1;
        } else {
            c.items.add(node);
            top.lastEntryLine = line;
        }
        top.lastEntryIndex = c.items.size() - 1;
    }

    private void onComment(CommentEvent c) {
        if (c.getCommentType() == CommentType.BLANK_LINE) {
            return;
        }
        int line = c.getStartMark().getLine() + 1;
        String before = before(c);
        boolean inline = !before.isBlank();
        if (inline && attachInline(c.getValue(), line)) {
            return;
        }
        if (pending.isEmpty()) {
            closedSincePending.clear();
            openedSincePending.clear();
        }
        // On a dash line where no entry has started yet ("- #c" before a block, "- |- #c"): before that item.
        boolean afterDash = inline && DASHES.matcher(before).matches();
        pending.add(new Pending(c.getValue(), line, c.getStartMark().getColumn(), afterDash));
    }

    /**
     * The text before the comment on its line. SnakeYAML's comment types are not enough (a comment after a block
     * scalar is "in-line", one after a bare dash is "block"), so the line itself decides.
     */
    private String before(CommentEvent c) {
        int line = c.getStartMark().getLine();
        if (lines == null) {
            lines = text.split("\n", -1);
        }
        if (line >= lines.length) {
            return "";
        }
        int[] cps = lines[line].codePoints().limit(c.getStartMark().getColumn()).toArray();
        return new String(cps, 0, cps.length);
    }

    private Raw.Container enclosingBlock() {
        for (Frame f : stack) {
            if (!f.container.flow) {
                return f.container;
            }
        }
        return null;
    }

    private Raw.Container parentOf(Raw.Container c) {
        boolean found = false;
        for (Frame f : stack) {
            if (found) {
                return f.container;
            }
            found = f.container == c;
        }
        return null;
    }

    /** A comment after content on the same line precedes the entry that starts on that line. */
    private boolean attachInline(String text, int line) {
        for (Frame f : stack) {
            if (f.container.flow) {
                continue;
            }
            List<Object> items = f.container.items;
            if (f.pendingKey != null && f.pendingKeyLine == line) {
                items.add(new Raw.Comment(text, true));
                return true;
            }
            if (f.lastEntryLine == line && f.lastEntryIndex >= 0) {
                items.add(f.lastEntryIndex, new Raw.Comment(text, true));
                f.lastEntryIndex++;
                return true;
            }
        }
        return false;
    }

    /**
     * Places the comments seen since the previous token, now that the next token (or the document end) is known.
     * The candidate blocks are those closed in between (deepest first), then the current block, then blocks opened
     * in between (outermost first); placement never moves back down once a comment went to a shallower block.
     */
    private void placePending(boolean documentEnd) {
        if (pending.isEmpty()) {
            return;
        }
        List<Raw.Container> path = new ArrayList<>(closedSincePending);
        int fallback;
        if (!openedSincePending.isEmpty()) {
            // A block opened as a new item of a sequence: the comment stands between that sequence's items.
            Raw.Container parent = parentOf(openedSincePending.get(0));
            if (parent != null && !parent.mapping && !parent.flow) {
                path.add(parent);
            }
            fallback = path.size() == closedSincePending.size() ? path.size() : path.size() - 1;
            path.addAll(openedSincePending);
        } else {
            Frame top = stack.peek();
            if (!documentEnd && top != null && !top.container.flow) {
                path.add(top.container);
            }
            fallback = path.size() - 1;
        }
        int at = 0;
        for (Pending p : pending) {
            Raw.Comment comment = new Raw.Comment(p.text(), p.inline());
            if (path.isEmpty()) {
                // Inside a flow collection: the comment stays with the block around it.
                Raw.Container block = enclosingBlock();
                if (block == null) {
                    loose.add(comment);
                } else {
                    block.items.add(comment);
                }
                continue;
            }
            int chosen = -1;
            // A comment after a dash belongs to the item that follows, never to a block closed before it.
            int from = p.inline() ? Math.max(at, closedSincePending.size()) : at;
            for (int j = from; j < path.size(); j++) {
                if (path.get(j).indent <= p.column()) {
                    chosen = j;
                    break;
                }
            }
            if (chosen < 0) {
                chosen = Math.max(from, fallback);
            }
            at = chosen;
            path.get(chosen).items.add(comment);
        }
        pending.clear();
        closedSincePending.clear();
        openedSincePending.clear();
    }
}
