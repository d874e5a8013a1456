package dev.sops4j.core.store.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.flatten.MetadataFlattenerArbitraries;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips over what sops' INI format can carry. Values may hold {@code = : # ;}, quotes, backticks, unicode,
 * newlines and edge spaces; go-ini cannot read back a value containing {@code """}, one starting with {@code ""},
 * one ending in a backslash, one wrapped in a pair of quotes, or one with edge spaces and a double quote inside,
 * so those are left out. Comments are trimmed one-line texts; a key keeps only the last comment after it.
 */
class IniStoreProperties {
    private final IniStore store = new IniStore();

    @Property(tries = 300)
    void plainRoundTrip(@ForAll("documents") Mapping doc) {
        assertEquals(List.of(doc), store.parsePlain(store.emitPlain(List.of(doc))));
    }

    @Property(tries = 200)
    void encryptedRoundTrip(@ForAll("documents") Mapping doc, @ForAll("metadata") Mapping metadata) {
        EncryptedDocument back = store.parseEncrypted(store.emitEncrypted(List.of(doc), metadata));
        assertEquals(List.of(doc), back.branches());
        assertEquals(metadata, back.metadata());
    }

    @Provide
    Arbitrary<Mapping> metadata() {
        return MetadataFlattenerArbitraries.metadata(Arbitraries.strings().withChars("aZ9 =:_-é日E\n").ofMaxLength(16)
                .map(IniStoreProperties::emoji), 2);
    }

    @Provide
    Arbitrary<Mapping> documents() {
        Arbitrary<Pair> defaultSection = keys().flatMap(keys -> values().list().ofSize(keys.size())
                .map(values -> new Pair(IniParser.DEFAULT_SECTION, zip(keys, values, List.of()))));
        Arbitrary<Pair> section = Combinators.combine(sectionName(), comment().optional(), keys()).flatAs(
                (name, sectionComment, keys) -> Combinators.combine(values().list().ofSize(keys.size()),
                        comment().optional().list().ofSize(keys.size())).as((values, comments) -> {
                            List<MapEntry> entries = new ArrayList<>();
                            sectionComment.ifPresent(c -> entries.add(new Comment(c)));
                            entries.addAll(zip(keys, values, comments).entries());
                            return new Pair(name, new Mapping(entries));
                        }));
        return Combinators.combine(defaultSection, section.list().ofMaxSize(4)).as((d, rest) -> {
            List<MapEntry> top = new ArrayList<>();
            top.add(d);
            top.addAll(rest);
            return new Mapping(top);
        });
    }

    private static Mapping zip(List<String> keys, List<String> values, List<java.util.Optional<String>> comments) {
        List<MapEntry> entries = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            entries.add(new Pair(keys.get(i), new StrValue(values.get(i))));
            if (i < comments.size()) {
                comments.get(i).ifPresent(c -> entries.add(new Comment(c)));
            }
        }
        return new Mapping(entries);
    }

    private static Arbitrary<String> sectionName() {
        return Arbitraries.strings().withChars("aZ9 _-.#;=:é日E").ofMinLength(1).ofMaxLength(8)
                .map(IniStoreProperties::emoji).filter(n -> !n.equals("sops"));
    }

    private static Arbitrary<List<String>> keys() {
        return Arbitraries.strings().withChars("aZ9 _-.=:\"é日E").ofMinLength(1).ofMaxLength(8)
                .map(k -> emoji(GoText.trimSpace(k)))
                .filter(k -> !k.isEmpty() && !k.equals("-") && !k.startsWith("["))
                .list().uniqueElements().ofMaxSize(4);
    }

    private static Arbitrary<String> values() {
        return Arbitraries.strings().withChars("aZ9 =:#;\"'`\\\té日E\n").ofMaxLength(14).map(IniStoreProperties::emoji)
                .filter(IniStoreProperties::goIniCanReadBack);
    }

    private static Arbitrary<String> comment() {
        return Arbitraries.strings().withChars("aZ9 _-.=:'\"`#;é日E").ofMinLength(1).ofMaxLength(12)
                .map(c -> emoji(GoText.trimSpace(c)))
                .filter(c -> !c.isEmpty() && c.charAt(0) != '#' && c.charAt(0) != ';');
    }

    private static boolean goIniCanReadBack(String v) {
        boolean edgeSpace = !GoText.trimSpace(v).equals(v);
        boolean wrapped = v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
                && v.charAt(v.length() - 1) == v.charAt(0);
        return !v.contains("\"\"\"") && !v.startsWith("\"\"") && !v.endsWith("\\") && !wrapped
                && !(edgeSpace && v.contains("\""));
    }

    /** 'E' stands for an emoji: jqwik picks single UTF-16 units and would split its surrogate pair. */
    private static String emoji(String s) {
        return s.replace("E", "😀");
    }
}
