package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One end-to-end test (or a few) per command on JSON files with fresh age keys. */
class JsonCommandsE2ETest {
    static final String PLAIN = "{\n\t\"user\": \"admin\",\n\t\"password\": \"hunter2\",\n\t\"port\": 8080,\n"
            + "\t\"note_unencrypted\": \"clear\"\n}\n";

    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();
    private final AgeKey other = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
    }

    private Result sops(String... args) {
        return CliProcess.run(dir, key.env(), args);
    }

    private Path encrypted(String name) {
        write(dir.resolve(name), PLAIN);
        Result r = sops("encrypt", "-i", "--age", key.recipient(), name);
        assertEquals(0, r.code(), r.err());
        return dir.resolve(name);
    }

    @Test
    void encryptInPlaceKeepsModeAndDecryptRestoresTheBytes() throws Exception {
        Path f = dir.resolve("s.json");
        write(f, PLAIN);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Result enc = sops("encrypt", "-i", "--age", key.recipient(), "s.json");
        assertEquals(0, enc.code(), enc.err());
        assertEquals("", enc.out());
        String text = read(f);
        assertTrue(text.contains("\"password\": \"ENC[AES256_GCM,data:"), text);
        assertTrue(text.contains("\"note_unencrypted\": \"clear\""), text);
        assertFalse(text.contains("hunter2"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Result dec = sops("decrypt", "s.json");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
        assertEquals("", dec.err());
    }

    @Test
    void encryptToStdoutFromStdinAndOutputFile() {
        Result r = CliProcess.run(dir, key.env(), PLAIN.getBytes(StandardCharsets.UTF_8),
                "encrypt", "--input-type", "json", "--age", key.recipient());
        assertEquals(0, r.code(), r.err());
        write(dir.resolve("piped.json"), r.out());
        assertEquals(PLAIN, sops("decrypt", "piped.json").out());
        Result o = sops("decrypt", "--output", "plain.json", "piped.json");
        assertEquals(0, o.code());
        assertEquals(PLAIN, read(dir.resolve("plain.json")));
    }

    @Test
    void encryptingAnEncryptedFileIsExit203AndLeavesIt() {
        Path f = encrypted("s.json");
        String before = read(f);
        Result r = sops("encrypt", "-i", "--age", key.recipient(), "s.json");
        assertEquals(203, r.code());
        assertEquals(1, r.err().lines().count());
        assertEquals(before, read(f));
    }

    @Test
    void decryptExtractAndErrors() {
        encrypted("s.json");
        Result r = sops("decrypt", "--extract", "[\"password\"]", "s.json");
        assertEquals(0, r.code(), r.err());
        assertEquals("hunter2", r.out());
        Result missing = sops("decrypt", "--extract", "[\"nope\"]", "s.json");
        assertEquals(1, missing.code());
        Result wrongKey = CliProcess.run(dir, other.env(), "decrypt", "s.json");
        assertEquals(128, wrongKey.code());
        assertEquals(2, wrongKey.err().lines().count(), wrongKey.err());
        write(dir.resolve("plain.json"), PLAIN);
        Result plain = sops("decrypt", "plain.json");
        assertEquals(1, plain.code());
        assertEquals("sops metadata not found: " + dir.resolve("plain.json") + " is not encrypted (to encrypt it:"
                + " sops4j encrypt -i " + dir.resolve("plain.json") + ")\n", plain.err());
    }

    @Test
    void tamperedValueIsMacMismatchUnlessIgnored() {
        Path f = encrypted("s.json");
        String text = read(f);
        // swap two encrypted values: each still decrypts? no, the AAD differs; so tamper the clear value instead
        write(f, text.replace("\"note_unencrypted\": \"clear\"", "\"note_unencrypted\": \"CLEAR\""));
        Result r = sops("decrypt", "s.json");
        assertEquals(51, r.code());
        Result ignored = sops("decrypt", "--ignore-mac", "s.json");
        assertEquals(0, ignored.code(), ignored.err());
        assertTrue(ignored.out().contains("\"note_unencrypted\": \"CLEAR\""));
    }

    @Test
    void setAndUnsetRewriteOnlyWhatChanged() {
        Path f = encrypted("s.json");
        String before = read(f);
        String userCipher = line(before, "\"user\"");
        Result set = sops("set", "s.json", "[\"password\"]", "\"s3cret\"");
        assertEquals(0, set.code(), set.err());
        String after = read(f);
        assertEquals(userCipher, line(after, "\"user\""), "unchanged values keep their ciphertext");
        assertNotEquals(line(before, "\"password\""), line(after, "\"password\""));
        assertTrue(sops("decrypt", "s.json").out().contains("\"password\": \"s3cret\""));

        Result number = sops("set", "s.json", "[\"ratio\"]", "5");
        assertEquals(0, number.code(), number.err());
        assertTrue(line(read(f), "\"ratio\"").contains("type:float"), "a bare JSON number is a float, as in sops");
        Result nested = sops("set", "s.json", "[\"obj\"]", "{\"n\": 5}");
        assertEquals(0, nested.code(), nested.err());
        assertTrue(line(read(f), "\"n\"").contains("type:int"), "numbers inside objects stay ints");

        String snapshot = read(f);
        Result same = sops("set", "--idempotent", "s.json", "[\"password\"]", "\"s3cret\"");
        assertEquals(0, same.code());
        assertEquals(snapshot, read(f), "--idempotent leaves an unchanged file byte-identical");

        Result unset = sops("unset", "s.json", "[\"obj\"]");
        assertEquals(0, unset.code(), unset.err());
        assertFalse(sops("decrypt", "s.json").out().contains("\"obj\""));
        Result missing = sops("unset", "s.json", "[\"obj\"]");
        assertEquals(1, missing.code());
        assertEquals("Key not found: obj\n", missing.err());
        assertEquals(0, sops("unset", "--idempotent", "s.json", "[\"obj\"]").code());

        Result bad = sops("set", "s.json", "[\"x\"]", "not json");
        assertEquals(7, bad.code());
    }

    @Test
    void setValueFromFileAndStdin() {
        encrypted("s.json");
        write(dir.resolve("v.json"), "\"from-file\"");
        assertEquals(0, sops("set", "--value-file", "s.json", "[\"a\"]", "v.json").code());
        Result stdin = CliProcess.run(dir, key.env(), "\"from-stdin\"".getBytes(StandardCharsets.UTF_8),
                "set", "--value-stdin", "s.json", "[\"b\"]");
        assertEquals(0, stdin.code(), stdin.err());
        String out = sops("decrypt", "s.json").out();
        assertTrue(out.contains("\"a\": \"from-file\"") && out.contains("\"b\": \"from-stdin\""), out);
    }

    @Test
    void rotateChangesTheDataKeyAndCanAddAndRemoveKeys() {
        Path f = encrypted("s.json");
        String before = read(f);
        Result r = sops("rotate", "-i", "--add-age", other.recipient(), "s.json");
        assertEquals(0, r.code(), r.err());
        String after = read(f);
        assertNotEquals(line(before, "\"password\""), line(after, "\"password\""));
        assertEquals(PLAIN, CliProcess.run(dir, other.env(), "decrypt", "s.json").out());
        Result rm = sops("rotate", "-i", "--rm-age", other.recipient(), "s.json");
        assertEquals(0, rm.code(), rm.err());
        assertEquals(128, CliProcess.run(dir, other.env(), "decrypt", "s.json").code());
        Result stdout = sops("rotate", "s.json");
        assertEquals(0, stdout.code());
        assertTrue(stdout.out().contains("\"sops\""));
    }

    @Test
    void updatekeysFollowsSopsYaml() {
        Path f = encrypted("s.json");
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: \\.json$\n    age: "
                + key.recipient() + "," + other.recipient() + "\n");
        String valuesBefore = line(read(f), "\"password\"");
        Result r = sops("updatekeys", "-y", "s.json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(" Syncing keys for file " + f), r.err());
        assertEquals(valuesBefore, line(read(f), "\"password\""), "updatekeys keeps the data key and values");
        assertEquals(PLAIN, CliProcess.run(dir, other.env(), "decrypt", "s.json").out());
        String snapshot = read(f);
        Result again = sops("updatekeys", "-y", "s.json");
        assertEquals(0, again.code());
        assertTrue(again.err().contains("already up to date"), again.err());
        assertEquals(snapshot, read(f));
    }

    @Test
    void groupsAddAndDelete() {
        Path f = encrypted("s.json");
        Result add = sops("groups", "add", "-i", "--file", "s.json", "--age", other.recipient());
        assertEquals(0, add.code(), add.err());
        assertEquals(128, CliProcess.run(dir, other.env(), "decrypt", "s.json").code(),
                "two groups, threshold = all: one key alone is not enough");
        Map<String, String> both = new HashMap<>();
        both.put("SOPS_AGE_KEY", key.identity() + "\n" + other.identity());
        assertEquals(PLAIN, CliProcess.run(dir, both, "decrypt", "s.json").out());
        Result del = CliProcess.run(dir, both, "groups", "delete", "-i", "--file", "s.json", "0");
        assertEquals(0, del.code(), del.err());
        assertEquals(PLAIN, CliProcess.run(dir, other.env(), "decrypt", "s.json").out());
        assertTrue(read(f).contains(other.recipient()));
        assertFalse(read(f).contains(key.recipient()));
    }

    @Test
    void execEnvPassesValuesAndTheChildExitCode() {
        encrypted("s.json");
        Result r = CliProcess.run(dir, merge(key.env(), Map.of("OUTER", "o")), "exec-env", "s.json",
                "printf '%s|%s|%s' \"$password\" \"$port\" \"$OUTER\"");
        assertEquals(0, r.code(), r.err());
        assertEquals("hunter2|8080|o", r.out());
        Result pristine = CliProcess.run(dir, merge(key.env(), Map.of("OUTER", "o")), "exec-env", "--pristine",
                "s.json", "printf '[%s]' \"$OUTER\"");
        assertEquals("[]", pristine.out());
        Result code = sops("exec-env", "s.json", "exit 7");
        assertEquals(7, code.code());
        assertEquals("", code.err());
    }

    @Test
    void execFileUsesAFifoByDefaultAndATempFileOnRequest() {
        encrypted("s.json");
        Result fifo = sops("exec-file", "s.json", "test -p {} && cat {}");
        assertEquals(0, fifo.code(), fifo.err());
        assertEquals(PLAIN, fifo.out());
        Result file = sops("exec-file", "--no-fifo", "--filename", "x.json", "s.json",
                "test -f {} && stat -c %a {} && basename {}");
        assertEquals(0, file.code(), file.err());
        assertEquals("600\nx.json\n", file.out());
        Result ignoring = sops("exec-file", "s.json", "exit 3");
        assertEquals(3, ignoring.code(), "a command that never opens the FIFO neither hangs nor hides its status");
        Result gone = sops("exec-file", "--no-fifo", "s.json", "echo {}");
        assertFalse(Files.exists(Path.of(gone.out().trim())), "the plaintext is removed after the command");
    }

    @Test
    void filestatus() {
        encrypted("s.json");
        write(dir.resolve("p.json"), PLAIN);
        assertEquals("{\"encrypted\":true}\n", sops("filestatus", "s.json").out());
        assertEquals("{\"encrypted\":false}\n", sops("filestatus", "p.json").out());
    }

    static String line(String text, String key) {
        return text.lines().filter(l -> l.contains(key)).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
