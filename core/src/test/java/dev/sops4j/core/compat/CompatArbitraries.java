package dev.sops4j.core.compat;

import dev.sops4j.core.tree.BoolValue;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Trees built from the characters that break naive formats: {@code = # : ' " \ [ ]}, spaces, unicode beyond the
 * BMP and newlines. Strings are joined from whole tokens so surrogate pairs stay valid.
 */
final class CompatArbitraries {
    static final List<String> PUNCTUATION = List.of("=", "#", ":", "'", "\"", " ", "-", "_", ".", ",", "[", "]",
            "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "?", "~", "$", "<", ";");
    static final List<String> UNICODE = List.of("é", "ü", "日本", "☃", "😀", "ß", "Ω");
    static final List<String> LETTERS = List.of("a", "b", "z", "K", "0", "1", "9", "yes", "on", "null", "true",
            "1.5", "ENC", "sops");

    private CompatArbitraries() {
    }

    /** Text from letters, punctuation, unicode and, when {@code extra} says so, newlines or tabs. */
    static Arbitrary<String> text(int maxTokens, List<String> extra) {
        List<String> pool = new ArrayList<>(LETTERS);
        pool.addAll(PUNCTUATION);
        pool.addAll(UNICODE);
        pool.addAll(extra);
        return Arbitraries.of(pool).list().ofMaxSize(maxTokens).map(l -> String.join("", l));
    }

    static Arbitrary<String> nonEmpty(Arbitrary<String> text) {
        return text.filter(s -> !s.isEmpty());
    }

    /** Finite doubles with a fractional part: an integral float would come back as an int from plaintext. */
    static Arbitrary<Double> fractionalDouble() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-1e9, 1e9).ofScale(4),
                Arbitraries.doubles()).filter(d -> Double.isFinite(d) && d != Math.rint(d));
    }

    static Arbitrary<TimeValue> time() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<Integer> offsetMinutes = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(-18 * 60, 18 * 60)); // java.time's limit; Go allows up to 24h
        return Combinators.combine(seconds, nanos, offsetMinutes).as((s, n, o) -> new TimeValue(OffsetDateTime
                .ofInstant(Instant.ofEpochSecond(s, n), ZoneOffset.ofTotalSeconds(o * 60))));
    }

    /** A mapping of distinct keys (first occurrence wins) with the given entries. */
    static Arbitrary<Mapping> mapping(Arbitrary<String> key, Arbitrary<Node> value, Arbitrary<Comment> comment,
            int maxSize) {
        Arbitrary<MapEntry> pair = Combinators.combine(key, value).as(Pair::new);
        Arbitrary<MapEntry> entry = comment == null ? pair
                : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, pair), net.jqwik.api.Tuple.of(1, comment.map(c -> c)));
        return entry.list().ofMaxSize(maxSize).map(CompatArbitraries::distinctKeys);
    }

    static Mapping distinctKeys(List<MapEntry> entries) {
        Set<String> seen = new HashSet<>();
        List<MapEntry> out = new ArrayList<>();
        for (MapEntry e : entries) {
            if (!(e instanceof Pair p) || seen.add(p.key())) {
                out.add(e);
            }
        }
        return new Mapping(out);
    }

    /** Nested values: scalars from {@code scalar}, mappings and sequences down to {@code depth}. */
    static Arbitrary<Node> node(Arbitrary<String> key, Arbitrary<Node> scalar, Arbitrary<Comment> comment,
            int depth) {
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Node> inner = Arbitraries.lazy(() -> node(key, scalar, comment, depth - 1));
        // A nested mapping holding only comments is left out: see EdgeCasesTest (YAML emits it unreadably).
        Arbitrary<Node> map = mapping(key, inner, comment, 4)
                .map(m -> m.pairs().isEmpty() ? Mapping.empty() : m);
        // Where a comment heading a mapping inside a list belongs after a YAML round trip (the list or the
        // mapping) was not checked against sops, so such comments are left out.
        Arbitrary<Node> seq = inner.map(n -> (Element) withoutLeadingComments(n)).list().ofMaxSize(3)
                .map(Sequence::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, scalar), net.jqwik.api.Tuple.of(1, map),
                net.jqwik.api.Tuple.of(1, seq));
    }

    private static Node withoutLeadingComments(Node n) {
        if (!(n instanceof Mapping m)) {
            return n;
        }
        List<MapEntry> entries = new ArrayList<>(m.entries());
        while (!entries.isEmpty() && entries.get(0) instanceof Comment) {
            entries.remove(0);
        }
        return new Mapping(entries);
    }

    static Arbitrary<Node> jsonScalar(Arbitrary<String> text) {
        return Arbitraries.oneOf(text.map(StrValue::new), Arbitraries.longs().map(IntValue::new),
                fractionalDouble().map(FloatValue::new), Arbitraries.of(true, false).map(BoolValue::new),
                Arbitraries.just(NullValue.INSTANCE));
    }

    static Arbitrary<Node> yamlScalar(Arbitrary<String> text) {
        return Arbitraries.oneOf(jsonScalar(text), time().map(t -> t));
    }
}
