package dev.sops4j.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditorTest {
    @Test
    void splitsEditorCommandsLikeAShell() {
        assertEquals(List.of("code", "--wait"), Editor.split("code --wait"));
        assertEquals(List.of("/opt/My Editor/bin/ed", "-x"), Editor.split("\"/opt/My Editor/bin/ed\" -x"));
        assertEquals(List.of("a b", "c"), Editor.split("a\\ b   'c'"));
        assertEquals(List.of(), Editor.split("   "));
    }
}
