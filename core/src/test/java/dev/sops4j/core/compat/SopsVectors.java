package dev.sops4j.core.compat;

import dev.sops4j.core.store.Format;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The catalogue of ../shared/sops-vectors: every {@code expected/*.expected.json} names its source file, format and
 * whether the reference decryptor verified its MAC.
 */
final class SopsVectors {
    /** Legacy files (Python sops 1.13) whose PGP key is not available: parse-only. */
    static final List<String> PARSE_ONLY = List.of(
            "sops-vectors/sops-repo/config/test_resources/example.yaml",
            "sops-vectors/sops-repo/stores/ini/test_resources/example.json");

    /** Plaintext inputs and configs kept beside the encrypted files (INDEX.md: "copied for encrypt-side tests"). */
    static final List<String> PLAINTEXT = List.of(
            "sops-vectors/sops-repo/functional-tests/res/comments.yaml",
            "sops-vectors/sops-repo/functional-tests/res/comments_list.yaml",
            "sops-vectors/sops-repo/functional-tests/res/plainfile.yaml",
            "sops-vectors/sops-repo/.sops.yaml",
            "sops-vectors/sops-repo/functional-tests/.sops.yaml");

    private static final Pattern STRING_FIELD = Pattern.compile("\"(source|format)\": \"([^\"]*)\"");
    private static final Pattern MAC_FIELD = Pattern.compile("\"mac_verified\": (true|false)");

    /**
     * @param source path under ../shared, e.g. {@code sops-vectors/sops-repo/example.yaml}
     * @param expectedJson the whole expected file
     */
    record Vector(String source, Format format, boolean macVerified, String expectedJson) {
        String expectedTree() {
            return TreeText.jsonMember(expectedJson, "documents");
        }

        String dataKeyHex() {
            Matcher m = Pattern.compile("\"data_key_hex\": \"([0-9a-f]{64})\"").matcher(expectedJson);
            if (!m.find()) {
                throw new IllegalStateException("no data_key_hex in the expected file of " + source);
            }
            return m.group(1);
        }

        String fileName() {
            return source.substring(source.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return source.substring("sops-vectors/".length());
        }
    }

    private SopsVectors() {
    }

    static List<Vector> all() {
        Path dir = SharedData.file("sops-vectors/expected");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".expected.json")).sorted()
                    .map(SopsVectors::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vectors whose MAC the reference decryptor verified: everything but {@code no_mac.yaml}. */
    static Stream<Vector> decryptable() {
        return all().stream().filter(Vector::macVerified);
    }

    static Vector named(String source) {
        return all().stream().filter(v -> v.source().equals(source)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector " + source));
    }

    private static Vector read(Path p) {
        try {
            String json = Files.readString(p);
            Matcher m = STRING_FIELD.matcher(json);
            String source = null;
            String format = null;
            while (m.find()) {
                if (m.group(1).equals("source") && source == null) {
                    source = m.group(2);
                } else if (m.group(1).equals("format") && format == null) {
                    format = m.group(2);
                }
            }
            Matcher mac = MAC_FIELD.matcher(json);
            if (source == null || format == null || !mac.find()) {
                throw new IllegalStateException("unexpected layout of " + p);
            }
            return new Vector("sops-vectors/" + source, Format.fromCliName(format),
                    Boolean.parseBoolean(mac.group(1)), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
