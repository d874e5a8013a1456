package dev.sops4j.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.store.Format;
import java.io.ByteArrayInputStream;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.env.Environment;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SopsDocumentTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final SopsSettings SETTINGS =
            SopsSettings.defaults().withVariable("SOPS_AGE_KEY_FILE", REPO.resolve("testdata/age/keys.txt").toString());
    private static final String PLAIN = "app:\n    name: demo\n    port: 8081\n    ratio: 0.5\n    on: true\n"
            + "    secret: pa55-Word\n    list:\n        - a\n        - 2\n";

    private static byte[] encrypted() throws Exception {
        return dev.sops4j.testing.AgeTestKey.encrypt(PLAIN, Format.YAML);
    }

    @Test
    void typedGettersFlattenedKeysAndJson() throws Exception {
        try (SopsDocument doc = Sops.decrypt(new ByteArrayInputStream(encrypted()), Format.YAML, SETTINGS)) {
            assertEquals(Optional.of("pa55-Word"), doc.get("app.secret"));
            assertEquals(Optional.of(8081), doc.getInt("app.port"));
            assertEquals(Optional.of(8081L), doc.getLong("app.port"));
            assertEquals(Optional.of(0.5), doc.getDouble("app.ratio"));
            assertEquals(Optional.of(true), doc.getBoolean("app.on"));
            assertEquals(Optional.of("2"), doc.get("app.list[1]"));
            assertEquals(Optional.empty(), doc.getInt("app.missing"));
            assertEquals("[app.name, app.port, app.ratio, app.on, app.secret, app.list[0], app.list[1]]",
                    doc.asMap().keySet().toString());
            assertEquals("a", doc.asProperties().getProperty("app.list[0]"));
            assertTrue(doc.toJson().startsWith("{\n\t\"app\": {\n\t\t\"name\": \"demo\",\n\t\t\"port\": 8081,"),
                    doc.toJson());
            FormatException e = assertThrows(FormatException.class, () -> doc.getInt("app.secret"));
            assertEquals("the value at 'app.secret' is not an int", e.getMessage());
            assertEquals("SopsDocument[7 values]", doc.toString());
            doc.close();
            assertEquals("SopsDocument[closed]", doc.toString());
            assertThrows(IllegalStateException.class, () -> doc.get("app.secret"));
        }
    }

    @Test
    void failuresAreOneLineAndNameTheCause(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.enc.yaml");
        Files.write(file, encrypted());
        assertEquals(Optional.of("demo"), Sops.decrypt(file, SETTINGS).get("app.name"));

        Path missing = dir.resolve("missing.enc.yaml");
        InputException notFound = assertThrows(InputException.class, () -> Sops.decrypt(missing, SETTINGS));
        assertEquals("file " + missing + " does not exist", notFound.getMessage());

        SopsSettings noKey = new SopsSettings(new Environment(Map.of(), dir, dir), DecryptOptions.DEFAULTS);
        KeyRetrievalException none = assertThrows(KeyRetrievalException.class, () -> Sops.decrypt(file, noKey));
        // "no key could decrypt" is the one report of up to three lines; singleLine() joins them
        assertTrue(none.getMessage().strip().lines().count() <= 3, none.getMessage());
        assertFalse(none.singleLine().contains("\n"), none.singleLine());

        // Drop one encrypted value: every remaining value decrypts, the MAC no longer matches.
        Files.writeString(file, Files.readString(file).replaceFirst("(?m)^ +name: ENC\\[.*\n", ""));
        MacMismatchException mac = assertThrows(MacMismatchException.class, () -> Sops.decrypt(file, SETTINGS));
        assertFalse(mac.getMessage().contains("\n"));
        assertFalse(mac.getMessage().contains("pa55"));
    }
}
