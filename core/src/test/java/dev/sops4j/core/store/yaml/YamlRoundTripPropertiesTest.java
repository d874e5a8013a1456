package dev.sops4j.core.store.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * parse(emit(tree)) == tree for arbitrary trees: every scalar type, tricky strings, unicode, comments in every
 * place sops puts them, nesting, several documents and indent widths. The one change allowed is the one sops makes
 * too: a float whose Go text has no dot or exponent (1.0 is written {@code 1}) comes back as an int.
 */
class YamlRoundTripPropertiesTest {
    private static final String[] TRICKY = {"yes", "no", "on", "off", "y", "N", "1:30", "190:20:30.15", "#x", "a #b",
        "- a", "-", "a: b", "a:", "<<", "null", "~", "", "123", "0755", "08", "1e400", ".inf", "2001-12-14",
        "2001-12-14T21:59:43", "true", "True", "café", "ü: x", "\uD83D\uDE00", "a\nb", "a\nb\n", "a\n\n", "x\ty",
        "trail ", "a \nb", "ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]", "\u0085", "'", "\"", "---", "...",
        "[a]", "{a}", "*a", "&a", "!a", "%a", "@a", "`a", "|", ">", "?", "a\r\nb", "\u0000", "\u007f", "\uFEFF",
        "0x1F", "+5", "-0", "1_000", ".5", "0o17", "9223372036854775808", "=", "${X}", "a'b", "\\"};

    @Provide
    Arbitrary<List<Mapping>> documents() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(3);
            List<Mapping> docs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                docs.add(mapping(r, 0, true));
            }
            return docs;
        });
    }

    @Provide
    Arbitrary<Integer> indents() {
        return Arbitraries.of(0, 1, 2, 3, 4, 5, 8, 9, 10);
    }

    @Property(tries = 400)
    void parseInvertsEmit(@ForAll("documents") List<Mapping> docs, @ForAll("indents") int indent) {
        YamlStore store = new YamlStore(indent);
        byte[] out = store.emitPlain(docs);
        List<Mapping> back;
        try {
            back = store.parsePlain(out);
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + " in:\n" + new String(out, StandardCharsets.UTF_8), e);
        }
        List<Mapping> expected = docs.stream().map(YamlRoundTripPropertiesTest::expected).toList();
        if (!expected.equals(back)) {
            assertEquals(describe(expected), describe(back), () -> new String(out, StandardCharsets.UTF_8));
        }
        assertEquals(expected, back);
        byte[] again = store.emitPlain(back);
        assertEquals(new String(again, StandardCharsets.UTF_8),
                new String(store.emitPlain(store.parsePlain(again)), StandardCharsets.UTF_8), "sops output is a fixpoint");
    }

    @Property(tries = 100)
    void encryptedFormCarriesTheMetadataInEveryDocument(@ForAll("documents") List<Mapping> docs) {
        YamlStore store = new YamlStore(4);
        Mapping meta = Mapping.of(new Pair("lastmodified", new StrValue("2026-11-22T20:17:54Z")),
                new Pair("mac", new StrValue("ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]")),
                new Pair("version", new StrValue("3.13.2")));
        EncryptedDocument back = store.parseEncrypted(store.emitEncrypted(docs, meta));
        assertEquals(meta, back.metadata());
        assertEquals(docs.stream().map(YamlRoundTripPropertiesTest::expected).toList(), back.branches());
    }

    // ---- generator ----

    private Mapping mapping(Random r, int depth, boolean commentsFirst) {
        List<MapEntry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int n = r.nextInt(depth == 0 ? 6 : 4);
        for (int i = 0; i < n; i++) {
            if (commentsFirst || i > 0) {
                for (int c = r.nextInt(5) == 0 ? 1 + r.nextInt(2) : 0; c > 0; c--) {
                    entries.add(new Comment(commentText(r)));
                }
            }
            String key = key(r);
            if (!keys.add(key)) {
                continue;
            }
            Node value = node(r, depth + 1);
            boolean taggedBlock = value instanceof BytesValue b && b.value().length > 51;
            if (key.length() <= 120 && !taggedBlock && r.nextInt(6) == 0) {
                entries.add(new Comment(commentText(r), true));
            }
            entries.add(new Pair(key, value));
        }
        if (!keys.isEmpty() && r.nextInt(6) == 0) {
            entries.add(new Comment(commentText(r)));
        }
        return new Mapping(entries);
    }

    private Sequence sequence(Random r, int depth) {
        List<Element> items = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(6) == 0) {
                items.add(new Comment(commentText(r)));
            }
            Node item = depth > 3 ? scalar(r) : switch (r.nextInt(5)) {
                case 0 -> mapping(r, depth + 1, false);
                case 1 -> sequenceItem(r, depth + 1);
                default -> scalar(r);
            };
            // SnakeYAML cannot read a comment after a tagged block scalar header ("- !!binary | #c").
            boolean taggedBlock = item instanceof BytesValue b && b.value().length > 51;
            if (!taggedBlock && r.nextInt(6) == 0) {
                items.add(new Comment(commentText(r), true));
            }
            items.add(item);
        }
        if (n > 0 && r.nextInt(6) == 0) {
            items.add(new Comment(commentText(r)));
        }
        return new Sequence(items);
    }

    /** A sequence inside a sequence: its first entry cannot be a comment (yaml.v3 would write it after the dash). */
    private Sequence sequenceItem(Random r, int depth) {
        Sequence s = sequence(r, depth);
        List<Element> items = new ArrayList<>(s.items());
        while (!items.isEmpty() && items.get(0) instanceof Comment) {
            items.remove(0);
        }
        return new Sequence(items);
    }

    private Node node(Random r, int depth) {
        if (depth > 4) {
            return scalar(r);
        }
        return switch (r.nextInt(6)) {
            case 0 -> mapping(r, depth, true);
            case 1 -> sequence(r, depth);
            default -> scalar(r);
        };
    }

    private Node scalar(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> new IntValue(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(2000) - 1000);
            case 1 -> new FloatValue(aDouble(r));
            case 2 -> new BoolValue(r.nextBoolean());
            case 3 -> NullValue.INSTANCE;
            case 4 -> new TimeValue(time(r));
            case 5 -> {
                byte[] b = new byte[1 + r.nextInt(80)];
                r.nextBytes(b);
                b[r.nextInt(b.length)] = (byte) 0xff;
                yield new BytesValue(b);
            }
            default -> new StrValue(string(r, true));
        };
    }

    private static double aDouble(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> r.nextBoolean() ? -0.0 : 0.0;
            case 3 -> r.nextInt(1000) / 8.0;
            case 4 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1);
            case 5 -> Math.pow(10, r.nextInt(40) - 20) * r.nextInt(100);
            default -> r.nextGaussian() * 1e6;
        };
    }

    private static OffsetDateTime time(Random r) {
        int offsetMinutes = r.nextInt(3) == 0 ? 0 : r.nextInt(18 * 60 * 2 + 1) - 18 * 60;
        int nanos = r.nextBoolean() ? 0 : r.nextInt(1_000_000_000);
        return OffsetDateTime.of(r.nextInt(10000), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
                r.nextInt(60), r.nextInt(60), nanos, ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    }

    private String key(Random r) {
        if (r.nextInt(30) == 0) {
            return "k".repeat(100 + r.nextInt(60));
        }
        String s = string(r, false);
        // sops writes a "<<" key back as a merge key, which only reads back when it holds a mapping.
        return s.equals("<<") ? "<<<" : s;
    }

    /**
     * Strings sops users write. Excluded: U+2028/2029 (yaml.v3 would write them raw inside single quotes, where a
     * reader folds them) and multi-line text starting with a blank (yaml.v3's indentation indicator is not
     * relative to its own indentation inside sequences).
     */
    private static String string(Random r, boolean multiLine) {
        String s;
        if (r.nextInt(3) == 0) {
            s = TRICKY[r.nextInt(TRICKY.length)];
        } else {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(12);
            for (int i = 0; i < len; i++) {
                int pick = r.nextInt(20);
                if (pick < 10) {
                    b.append((char) (0x20 + r.nextInt(0x5f)));
                } else if (pick < 12) {
                    b.append(" \n\t:#-'\"".charAt(r.nextInt(8)));
                } else if (pick < 16) {
                    b.append("abcxyz019_.".charAt(r.nextInt(11)));
                } else if (pick < 18) {
                    int cp = 0xa0 + r.nextInt(0xd7ff - 0xa0);
                    b.appendCodePoint(cp);
                } else if (pick == 18) {
                    b.appendCodePoint(0x10000 + r.nextInt(0xfffff));
                } else {
                    b.append((char) r.nextInt(0x20));
                }
            }
            s = b.toString();
        }
        s = s.replace('\u2028', 'L').replace('\u2029', 'P');
        boolean hasBreak = s.contains("\n") || s.contains("\r") || s.contains("\u0085");
        if (!multiLine) {
            s = s.replace('\n', 'n').replace('\r', 'r').replace('\u0085', 'N');
        } else if (hasBreak && !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(0) == '\n' || s.charAt(0) == '\r')) {
            s = "x" + s;
        }
        return s;
    }

    private static String commentText(Random r) {
        if (r.nextInt(3) == 0) {
            return "ENC[AES256_GCM,data:" + Integer.toHexString(r.nextInt()) + ",type:comment]";
        }
        StringBuilder b = new StringBuilder(r.nextBoolean() ? " " : "");
        for (int i = r.nextInt(15); i > 0; i--) {
            int pick = r.nextInt(10);
            b.appendCodePoint(pick < 8 ? 0x21 + r.nextInt(0x5e) : pick == 8 ? ' ' : 0xa0 + r.nextInt(0x1f00));
        }
        return b.toString().stripTrailing();
    }

    /** One line per entry with its nesting, so a failing property shows where the trees part. */
    private static String describe(List<Mapping> docs) {
        StringBuilder b = new StringBuilder();
        for (Mapping m : docs) {
            describe(b, m, "");
            b.append("---\n");
        }
        return b.toString();
    }

    private static void describe(StringBuilder b, Node n, String indent) {
        if (n instanceof Mapping m) {
            for (MapEntry e : m.entries()) {
                if (e instanceof Pair p) {
                    b.append(indent).append("key ").append(p.key()).append('\n');
                    describe(b, p.value(), indent + "  ");
                } else {
                    b.append(indent).append(e).append('\n');
                }
            }
        } else if (n instanceof Sequence s) {
            for (Element e : s.items()) {
                if (e instanceof Node item) {
                    b.append(indent).append("-\n");
                    describe(b, item, indent + "  ");
                } else {
                    b.append(indent).append(e).append('\n');
                }
            }
        } else {
            b.append(indent).append(n instanceof StrValue s ? "str " + s.value() : n.toString()).append('\n');
        }
    }

    // ---- what sops reads back ----

    static Mapping expected(Mapping m) {
        List<MapEntry> out = new ArrayList<>();
        for (MapEntry e : m.entries()) {
            out.add(e instanceof Pair p ? new Pair(p.key(), expected(p.value())) : e);
        }
        return new Mapping(out);
    }

    private static Node expected(Node n) {
        if (n instanceof Mapping m) {
            return expected(m);
        }
        if (n instanceof Sequence s) {
            List<Element> out = new ArrayList<>();
            for (Element e : s.items()) {
                out.add(e instanceof Node item ? expected(item) : e);
            }
            return new Sequence(out);
        }
        if (n instanceof FloatValue f && Double.isFinite(f.value()) && f.value() == Math.rint(f.value())
                && !GoFormat.formatFloatG(f.value()).contains("e")) {
            return new IntValue((long) f.value());
        }
        return n;
    }
}
