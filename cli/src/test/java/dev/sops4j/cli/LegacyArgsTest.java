package dev.sops4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LegacyArgsTest {
    private static final Set<String> SUBS = Set.of("decrypt", "encrypt", "edit", "rotate", "set");

    private static String[] rw(String... args) {
        return LegacyArgs.rewrite(args, SUBS);
    }

    @Test
    void subcommandsAndHelpPassThrough() {
        assertArrayEquals(new String[] {"decrypt", "-d", "f"}, rw("decrypt", "-d", "f"));
        assertArrayEquals(new String[] {"--version"}, rw("--version"));
        assertArrayEquals(new String[] {}, rw());
    }

    @Test
    void aBareFileIsEdit() {
        assertArrayEquals(new String[] {"edit", "f.yaml"}, rw("f.yaml"));
        assertArrayEquals(new String[] {"edit", "--age", "age1x", "f.yaml"}, rw("--age", "age1x", "f.yaml"));
    }

    @Test
    void modeFlagsBecomeSubcommands() {
        assertArrayEquals(new String[] {"decrypt", "--extract", "[\"a\"]", "f"}, rw("-d", "--extract", "[\"a\"]", "f"));
        assertArrayEquals(new String[] {"encrypt", "-i", "--age", "k", "f"}, rw("-e", "-i", "--age", "k", "f"));
        assertArrayEquals(new String[] {"rotate", "-i", "f"}, rw("--rotate", "-i", "f"));
    }

    @Test
    void setSplitsPathAndValue() {
        assertArrayEquals(new String[] {"set", "f.yaml", "[\"a\"][0]", "{\"b\": 1}"},
                rw("--set", "[\"a\"][0] {\"b\": 1}", "f.yaml"));
        assertArrayEquals(new String[] {"set", "f.yaml", "[\"a\"]", "\"x y\""}, rw("-i", "--set=[\"a\"] \"x y\"", "f.yaml"));
    }
}
