package dev.sops4j.core.store.dotenv;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips over everything dotenv can carry: keys with anything but {@code =} and a newline (and not starting
 * with {@code #}), values with {@code =}, {@code #}, {@code :}, quotes, unicode and newlines. The one thing a value
 * cannot hold is the two characters {@code \n}, which sops reads back as a newline.
 */
class DotenvStoreProperties {
    // 'E' stands for an emoji: jqwik picks single UTF-16 units and would split its surrogate pair
    private static final String CHARS = "aZ9 _-.=#:\"'`\\\t\ré日E\n";
    private final DotenvStore store = new DotenvStore();

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
        return MetadataFlattenerArbitraries.metadata(text(), 2);
    }

    @Provide
    Arbitrary<Mapping> documents() {
        Arbitrary<String> key = Arbitraries.strings().withChars(CHARS.replace("=", "").replace("\n", ""))
                .ofMaxLength(10).map(DotenvStoreProperties::emoji)
                .filter(k -> !k.startsWith("#") && !k.startsWith(DotenvStore.SOPS_PREFIX));
        Arbitrary<MapEntry> pair = key.flatMap(k -> text().map(v -> new Pair(k, new StrValue(v))));
        Arbitrary<MapEntry> comment = Arbitraries.strings().withChars(CHARS.replace("\n", "")).ofMaxLength(10)
                .map(c -> new Comment(emoji(c)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, pair), net.jqwik.api.Tuple.of(1, comment))
                .list().ofMaxSize(8).map(entries -> new Mapping(new ArrayList<>(entries)));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withChars(CHARS).ofMaxLength(16).map(DotenvStoreProperties::emoji)
                .filter(v -> !v.contains("\\n"));
    }

    private static String emoji(String s) {
        return s.replace("E", "😀");
    }
}
