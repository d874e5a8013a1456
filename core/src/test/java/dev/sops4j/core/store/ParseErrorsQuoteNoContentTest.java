package dev.sops4j.core.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.dotenv.DotenvStore;
import dev.sops4j.core.store.ini.IniStore;
import dev.sops4j.core.store.json.JsonStore;
import dev.sops4j.core.store.yaml.YamlStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;

/** A malformed file holding a secret: neither the message nor anything in its cause chain quotes the secret. */
class ParseErrorsQuoteNoContentTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> inputs() {
        return java.util.stream.Stream.of(
                new String[] {"json", "{\"password\": hunter2SECRET}"},
                new String[] {"json", "{\"password\": \"hunter2SECRET\" \"x\"}"},
                new String[] {"json", "{\"hunter2SECRET\" 1}"},
                new String[] {"yaml", "password: [hunter2SECRET"},
                new String[] {"yaml", "password: hunter2SECRET: x"},
                new String[] {"yaml", "- hunter2SECRET\nkey: v"},
                new String[] {"yaml", "password: \"hunter2SECRET"},
                new String[] {"ini", "[a]\nhunter2SECRET\n"},
                new String[] {"ini", "[hunter2SECRET\n"},
                new String[] {"dotenv", "hunter2SECRET\n"})
                .map(a -> org.junit.jupiter.params.provider.Arguments.of((Object[]) a));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("inputs")
    void noSecretInTheError(String format, String input) {
        Store store = switch (format) {
            case "json" -> new JsonStore(-1);
            case "yaml" -> new YamlStore(0);
            case "ini" -> new IniStore();
            default -> new DotenvStore();
        };
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        for (boolean encrypted : new boolean[] {false, true}) {
            SopsException e = assertThrows(SopsException.class,
                    () -> {
                        if (encrypted) {
                            store.parseEncrypted(bytes);
                        } else {
                            store.parsePlain(bytes);
                        }
                    });
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("SECRET"), t.getMessage());
            }
        }
    }
}
