package dev.sops4j.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.DeepStack;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.json.JsonStore;
import dev.sops4j.core.store.yaml.YamlStore;
import dev.sops4j.core.tree.Mapping;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deep nesting as the real sops 3.13.2 handles it (measured with the binary): 5,000 levels work in every
 * format; more than 10,000 are refused with sops' message and exit code, never a StackOverflowError.
 */
class DeepNestingTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "\n";
    }

    private static String jsonArrays(int depth) {
        return "{\"a\":" + "[".repeat(depth - 1) + "1" + "]".repeat(depth - 1) + "}\n";
    }

    private static String yamlFlow(int depth) {
        return "a: " + "[".repeat(depth) + "1" + "]".repeat(depth) + "\n";
    }

    private static String yamlBlock(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth - 1; i++) {
            b.append(" ".repeat(i)).append("a:\n");
        }
        return b.append(" ".repeat(depth - 1)).append("b: 1\n").toString();
    }

    /** Everything, comparisons included (tree equality recurses too), runs on the deep stack. */
    @Test
    void fiveThousandLevelsWork() {
        JsonStore json = new JsonStore(-1);
        YamlStore yaml = new YamlStore(0);
        DeepStack.call(() -> {
            for (String doc : List.of(jsonObjects(5000), jsonArrays(5000), jsonObjects(10_000))) {
                List<Mapping> tree = json.parsePlain(utf8(doc));
                assertEquals(tree, json.parsePlain(json.emitPlain(tree)));
            }
            for (String doc : List.of(yamlFlow(5000), yamlBlock(5000), yamlFlow(10_000), yamlBlock(10_000))) {
                List<Mapping> tree = yaml.parsePlain(utf8(doc));
                byte[] back = yaml.emitPlain(tree);
                assertEquals(1, tree.size());
                // sops writes block style, so a flow tree deeper than 10,000 lines up would not read back.
                if (!doc.equals(yamlFlow(10_000))) {
                    assertEquals(tree, yaml.parsePlain(back));
                }
            }
            return null;
        });
    }

    @Test
    void jsonDeeperThanTenThousandIsSopsMarshalError() {
        JsonStore json = new JsonStore(-1);
        SopsException objects = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> json.parsePlain(utf8(jsonObjects(10_001)))));
        assertEquals("Could not marshal tree: Error marshaling to json: invalid character '{' exceeded max depth",
                objects.getMessage());
        assertEquals(ExitCode.ERROR_DUMPING_TREE, objects.exitCode());
        SopsException arrays = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> json.parsePlain(utf8(jsonArrays(10_001)))));
        assertEquals("Could not marshal tree: Error marshaling to json: invalid character '[' exceeded max depth",
                arrays.getMessage());
        SopsException far = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> json.parsePlain(utf8(jsonObjects(200_000)))));
        assertEquals(ExitCode.ERROR_DUMPING_TREE, far.exitCode());
        // A YAML tree converted to JSON output is refused by the writer the same way.
        List<Mapping> deepYaml = DeepStack.call(() -> new YamlStore(0).parsePlain(utf8(yamlFlow(10_000))));
        SopsException out = assertThrows(SopsException.class, () -> DeepStack.call(() -> json.emitPlain(deepYaml)));
        assertEquals("Could not marshal tree: Error marshaling to json: invalid character '[' exceeded max depth",
                out.getMessage());
    }

    @Test
    void yamlDeeperThanTenThousandIsYamlV3sError() {
        YamlStore yaml = new YamlStore(0);
        SopsException flow = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> yaml.parsePlain(utf8(yamlFlow(10_001)))));
        assertEquals("Error unmarshaling input YAML: yaml: exceeded max depth of 10000", flow.getMessage());
        assertEquals(ExitCode.COULD_NOT_READ_INPUT_FILE, flow.exitCode());
        SopsException block = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> yaml.parsePlain(utf8(yamlBlock(10_001)))));
        assertEquals("Error unmarshaling input YAML: yaml: line 10001: exceeded max depth of 10000",
                block.getMessage());
        // An encrypted file: yaml.v3's text as it is, exit 1 (sops decrypt).
        SopsException enc = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> yaml.parseEncrypted(utf8(yamlBlock(10_001)))));
        assertEquals("yaml: line 10001: exceeded max depth of 10000", enc.getMessage());
        assertEquals(ExitCode.GENERIC, enc.exitCode());
        SopsException far = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> yaml.parsePlain(utf8(yamlFlow(500_000)))));
        assertEquals("Error unmarshaling input YAML: yaml: exceeded max depth of 10000", far.getMessage());
    }
}
