package dev.sops4j.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlattenerTest {

    private static final Mapping TREE = Mapping.of(
            new Comment("top comment"),
            new Pair("db", Mapping.of(
                    new Pair("user", new StrValue("app")),
                    new Pair("port", new IntValue(5432)),
                    new Pair("nothing", NullValue.INSTANCE))),
            new Pair("hosts", Sequence.of(new StrValue("a"), new Comment("between"), new StrValue("b"),
                    Mapping.of(new Pair("name", new StrValue("c"))))),
            new Pair("ratio", new FloatValue(0.5)),
            new Pair("big", new FloatValue(1e21)),
            new Pair("on", new BoolValue(true)),
            new Pair("off", new BoolValue(false)),
            new Pair("when", new TimeValue(OffsetDateTime.parse("2024-01-02T03:04:05Z"))),
            new Pair("blob", new BytesValue("raw bytes".getBytes(StandardCharsets.UTF_8))));

    @Test
    void flattensInDocumentOrderWithDotsAndIndices() {
        Map<String, String> flat = Flattener.flatten(List.of(TREE), "");
        assertEquals(List.of("db.user", "db.port", "hosts[0]", "hosts[1]", "hosts[2].name", "ratio", "big", "on",
                "off", "when", "blob"), new ArrayList<>(flat.keySet()));
        assertEquals("app", flat.get("db.user"));
        assertEquals("5432", flat.get("db.port"));
        assertEquals("a", flat.get("hosts[0]"));
        assertEquals("b", flat.get("hosts[1]"), "a comment in a list takes no index");
        assertEquals("c", flat.get("hosts[2].name"));
        assertEquals("0.5", flat.get("ratio"));
        assertEquals("1e+21", flat.get("big"));
        assertEquals("true", flat.get("on"));
        assertEquals("false", flat.get("off"));
        assertEquals("2024-01-02T03:04:05Z", flat.get("when"));
        assertEquals("raw bytes", flat.get("blob"));
    }

    @Test
    void prefixIsPrependedAndNullPrefixMeansNone() {
        Mapping m = Mapping.of(new Pair("a", Mapping.of(new Pair("b", new StrValue("x")))));
        assertEquals(Map.of("secrets.a.b", "x"), Flattener.flatten(List.of(m), "secrets."));
        assertEquals(Map.of("a.b", "x"), Flattener.flatten(List.of(m), null));
    }

    @Test
    void laterDocumentsOverrideEarlierOnes() {
        Mapping first = Mapping.of(new Pair("k", new StrValue("1")), new Pair("only", new StrValue("x")));
        Mapping second = Mapping.of(new Pair("k", new StrValue("2")));
        assertEquals(Map.of("k", "2", "only", "x"), Flattener.flatten(List.of(first, second), ""));
    }

    @Test
    void emptyStringsAreKeptButNullsAndEmptyContainersAreNot() {
        Mapping m = Mapping.of(new Pair("empty", new StrValue("")), new Pair("none", NullValue.INSTANCE),
                new Pair("list", Sequence.of()), new Pair("map", Mapping.empty()));
        assertEquals(Map.of("empty", ""), Flattener.flatten(List.of(m), ""));
        assertNull(Flattener.text(NullValue.INSTANCE));
        assertNull(Flattener.text(Mapping.empty()));
    }
}
