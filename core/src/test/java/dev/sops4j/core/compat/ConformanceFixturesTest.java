package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code decrypt} scenarios recorded from sops 3.13.2 in ../shared/conformance, replayed through the library
 * (the CLI replays them itself with replay.py): same bytes, same exit code. Also byte-identical round trips of
 * every encrypted fixture, which adds a real 3.13 binary file and an age INI file to the per-store round trips.
 */
class ConformanceFixturesTest {
    private static final String FIXTURES = "conformance/fixtures/";
    private static final Pattern PATH_STEP = Pattern.compile("\\[(?:\"([^\"]*)\"|(\\d+))\\]");

    @TempDir
    Path home;

    /** A decrypt invocation: flags, file, key file and what sops printed or exited with. */
    record Scenario(String id, Map<String, Object> raw) {
        @SuppressWarnings("unchecked")
        List<String> cmd() {
            return (List<String>) raw.get("cmd");
        }

        String option(String name) {
            int i = cmd().indexOf(name);
            return i < 0 ? null : cmd().get(i + 1);
        }

        String file() {
            return cmd().get(cmd().size() - 1);
        }

        String fixture() {
            for (Object s : (List<?>) raw.get("setup")) {
                if (s instanceof Map<?, ?> m && m.get("to").equals(file())) {
                    return (String) m.get("from");
                }
            }
            return file();
        }

        @Override
        public String toString() {
            return id;
        }
    }

    @SuppressWarnings("unchecked")
    static Stream<Scenario> decryptScenarios() {
        Map<String, Object> all = (Map<String, Object>) JsonValues.parse(SharedData.text("conformance/scenarios.json"));
        List<Scenario> out = new ArrayList<>();
        for (Object o : (List<Object>) all.get("scenarios")) {
            Map<String, Object> s = (Map<String, Object>) o;
            List<String> cmd = (List<String>) s.get("cmd");
            // stdin input and a missing file are CLI matters; everything else of 'decrypt' is library behaviour.
            if (cmd != null && cmd.size() > 2 && cmd.get(1).equals("decrypt") && !s.containsKey("stdin")
                    && !s.get("id").equals("error-missing-file")) {
                out.add(new Scenario((String) s.get("id"), s));
            }
        }
        return out.stream();
    }

    private Sops4j keys(Scenario s) {
        @SuppressWarnings("unchecked")
        String keyFile = ((Map<String, String>) s.raw().get("env")).get("SOPS_AGE_KEY_FILE");
        return CompatKeys.age(home, SharedData.file(FIXTURES + keyFile));
    }

    private static byte[] run(Sops4j sops, Scenario s) {
        Format in = s.option("--input-type") != null ? Format.fromCliName(s.option("--input-type"))
                : Format.fromPath(s.file());
        // Without --output-type sops picks the output store from the file name, not from --input-type.
        Format out = s.option("--output-type") != null ? Format.fromCliName(s.option("--output-type"))
                : Format.fromPath(s.file());
        DecryptOptions options = new DecryptOptions(s.cmd().contains("--ignore-mac"), DecryptOptions.DEFAULT_ORDER);
        try (DecryptedFile f = sops.decrypt(SharedData.bytes(FIXTURES + s.fixture()), in, options)) {
            if (s.option("--extract") != null) {
                return sops.store(out).emitValue(extract(f.branches().get(0), s.option("--extract")));
            }
            return sops.store(out).emitPlain(f.branches());
        }
    }

    private static Node extract(Mapping doc, String path) {
        Node at = doc;
        Matcher m = PATH_STEP.matcher(path);
        while (m.find()) {
            if (m.group(1) != null) {
                at = ((Mapping) at).get(m.group(1)).orElseThrow();
            } else {
                List<Node> items = new ArrayList<>();
                for (Element e : ((Sequence) at).items()) {
                    if (e instanceof Node n) {
                        items.add(n);
                    }
                }
                at = items.get(Integer.parseInt(m.group(2)));
            }
        }
        return at;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decryptScenarios")
    void decryptScenarioGivesSopsBytesOrExitCode(Scenario s) {
        replay(s);
    }

    private void replay(Scenario s) {
        Sops4j sops = keys(s);
        int rc = ((Long) s.raw().get("rc")).intValue();
        if (rc != 0) {
            SopsException e = assertThrows(SopsException.class, () -> run(sops, s));
            assertEquals(rc, e.exitCode().code(), e.getMessage());
            String first = (String) s.raw().get("stderr_first_line");
            assertTrue(first.contains(e.getMessage()) || e.getMessage().startsWith(first),
                    "sops said: " + first + " / sops4j says: " + e.getMessage());
            return;
        }
        byte[] expected = s.raw().containsKey("stdout_b64")
                ? Base64.getDecoder().decode((String) s.raw().get("stdout_b64"))
                : ((String) s.raw().get("stdout")).getBytes(StandardCharsets.UTF_8);
        byte[] actual = run(sops, s);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected, actual);
    }

    /** A changed clear value and a corrupted MAC ciphertext are both exit 51 without --ignore-mac. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secrets.tampered-plain.enc.yaml", "secrets.tampered-mac.enc.yaml"})
    void tamperedFilesFailTheMacCheck(String name) {
        Sops4j keys = CompatKeys.age(home, SharedData.file(FIXTURES + "key.txt"));
        SopsException e = assertThrows(SopsException.class, () -> keys.decrypt(SharedData.bytes(FIXTURES + name),
                Format.YAML, DecryptOptions.DEFAULTS).close());
        assertEquals(51, e.exitCode().code(), e.getMessage());
    }

    /**
     * A corrupted value ciphertext cannot be decrypted at all, even with --ignore-mac: sops stops with
     * "Error decrypting tree" (ErrorDecryptingTree, 25) and never prints a wrong plaintext.
     */
    @org.junit.jupiter.api.Test
    void aCorruptedValueIsAnErrorEvenWithIgnoreMac() {
        Sops4j keys = CompatKeys.age(home, SharedData.file(FIXTURES + "key.txt"));
        for (boolean ignoreMac : new boolean[] {false, true}) {
            SopsException e = assertThrows(SopsException.class, () -> keys.decrypt(
                    SharedData.bytes(FIXTURES + "secrets.tampered-value.enc.yaml"), Format.YAML,
                    new DecryptOptions(ignoreMac, DecryptOptions.DEFAULT_ORDER)).close());
            assertEquals(25, e.exitCode().code(), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secrets.enc.yaml", "flat.enc.yaml", "flat.2groups.enc.yaml", "config.enc.json",
            "app.enc.env", "settings.enc.ini", "blob.enc.bin"})
    void encryptedFixtureRoundTripsByteForByte(String name) {
        Sops4j keys = CompatKeys.age(home, SharedData.file(FIXTURES + "keys-both.txt"));
        String text = SharedData.text(FIXTURES + name);
        // secrets.enc.yaml has an encrypted inline comment, which sops moves to its own line.
        assertEquals(ByteIdenticalRoundTripTest.sopsMovesInlineComments(text),
                ByteIdenticalRoundTripTest.roundTrip(keys, text, Format.fromPath(name)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secrets.enc.yaml", "flat.enc.yaml", "flat.2groups.enc.yaml", "config.enc.json",
            "app.enc.env", "settings.enc.ini", "blob.enc.bin"})
    void everyEncryptedFixtureIsListed(String name) throws Exception {
        try (var s = Files.list(SharedData.file(FIXTURES))) {
            List<String> encrypted = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".enc.") && !n.contains("tampered")).sorted().toList();
            assertTrue(encrypted.contains(name));
            assertEquals(7, encrypted.size(), encrypted.toString());
        }
    }
}
