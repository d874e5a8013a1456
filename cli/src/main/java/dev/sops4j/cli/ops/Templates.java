package dev.sops4j.cli.ops;

import dev.sops4j.core.store.Format;
import java.nio.charset.StandardCharsets;

/** What a new file opens with in the editor, per format (the same example sops shows). */
public final class Templates {
    private static final String HELLO = "Welcome to SOPS! Edit this file as you please!";

    private Templates() {
    }

    public static byte[] forFormat(Format f) {
        String t = switch (f) {
            case YAML -> "hello: " + HELLO + "\n"
                    + "example_key: example_value\n"
                    + "# Example comment\n"
                    + "example_array:\n"
                    + "    - example_value1\n"
                    + "    - example_value2\n"
                    + "example_number: 1234.56789\n"
                    + "example_booleans:\n"
                    + "    - true\n"
                    + "    - false\n";
            case JSON -> "{\n"
                    + "\t\"hello\": \"" + HELLO + "\",\n"
                    + "\t\"example_key\": \"example_value\",\n"
                    + "\t\"example_array\": [\n\t\t\"example_value1\",\n\t\t\"example_value2\"\n\t],\n"
                    + "\t\"example_number\": 1234.56789,\n"
                    + "\t\"example_booleans\": [\n\t\ttrue,\n\t\tfalse\n\t]\n"
                    + "}\n";
            case DOTENV -> "hello=" + HELLO + "\nexample_key=example_value\nexample_number=1234.56789\n";
            case INI -> "[hello]\nhello = " + HELLO + "\n\n[example]\nexample_key = example_value\n";
            case BINARY -> HELLO + "\n";
        };
        return t.getBytes(StandardCharsets.UTF_8);
    }
}
