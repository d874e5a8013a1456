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

    /** One mapping and {@code depth - 1} block sequences nested on one line ("- - - x"), as sops writes them. */
    private static String yamlBlock(int depth) {
        return "a:\n  " + "- ".repeat(depth - 1) + "x\n";
    }

    /** Everything, comparisons included (tree equality recurses too), runs on the deep stack. */
    @Test
    void fiveThousandLevelsWork() {
        JsonStore json = new JsonStore(-1);
        YamlStore yaml = new YamlStore(0);
        DeepStack.call(() -> {
            List<Mapping> objects = json.parsePlain(utf8(jsonObjects(5000)));
            assertEquals(objects, json.parsePlain(json.emitPlain(objects)));
            // Exactly 10,000 levels still read and write (no indentation keeps the output linear).
            JsonStore flat = new JsonStore(0);
            List<Mapping> arrays = flat.parsePlain(utf8(jsonArrays(10_000)));
            assertEquals(arrays, flat.parsePlain(flat.emitPlain(arrays)));
            for (String doc : List.of(yamlFlow(5000), yamlBlock(10_000))) {
                List<Mapping> tree = yaml.parsePlain(utf8(doc));
                assertEquals(tree, yaml.parsePlain(yaml.emitPlain(tree)));
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
        // A YAML tree (5,001 block and 5,000 flow levels) written as JSON is refused by the writer the same way.
        String yamlDoc = "a:\n  " + "- ".repeat(5000) + "[".repeat(5000) + "x" + "]".repeat(5000) + "\n";
        List<Mapping> deepYaml = DeepStack.call(() -> new YamlStore(0).parsePlain(utf8(yamlDoc)));
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
        assertEquals("Error unmarshaling input YAML: yaml: line 2: exceeded max depth of 10000",
                block.getMessage());
        // An encrypted file: yaml.v3's text as it is, exit 1 (sops decrypt).
        SopsException enc = assertThrows(SopsException.class,
                () -> DeepStack.call(() -> yaml.parseEncrypted(utf8(yamlBlock(10_001)))));
        assertEquals("yaml: line 2: exceeded max depth of 10000", enc.getMessage());
        assertEquals(ExitCode.GENERIC, enc.exitCode());
    }
}
