package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed input gives the real sops 3.13.2's exit code: damaged {@code ENC[...]} values, clear values where
 * encrypted ones belong, unparsable files, set/unset on a missing file or with a malformed path. Each case states
 * the expected code and checks the real sops agrees (skipped without {@code ../shared/tools}).
 */
class ExitCodeParityTest {
    @TempDir
    static Path dir;

    private static final AgeKey KEY = AgeKey.generate();

    @BeforeAll
    static void encryptOnce() {
        write(dir.resolve("m.yaml"), "n: value1\nl:\n    - 5\n    - true\nm: v\n");
        Result r = CliProcess.run(dir, KEY.env(), "encrypt", "-i", "--age", KEY.recipient(), "m.yaml");
        assertEquals(0, r.code(), r.err());
    }

    /** {@code edit}: a sed-like replacement applied to the encrypted file (first match on the line that has FIND). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad base64 in data       | m: ENC[AES256_GCM,data:  | m: ENC[AES256_GCM,data:A      | 25",
        "unknown type             | type:str]                | type:foo]                     | 25",
        "no type field            | ,type:str]               | ]                             | 25",
        "prefix before ENC        | m: ENC[                  | m: xENC[                      | 25",
        "lower-case enc           | m: ENC[                  | m: enc[                       | 25",
        "clear int in a list      | 'REGEX:- ENC\\[[^]]*type:int\\]' | - 5                 | 25",
        "int typed plaintext      | type:str]                | type:int]                     | 25",
        "not YAML at all          | 'REGEX:(?s).*'           | 'a: ['                        | 1",
    })
    void decryptOfADamagedFile(String name, String find, String replace, int expected) throws Exception {
        String text = read(dir.resolve("m.yaml"));
        String damaged = find.startsWith("REGEX:") ? text.replaceFirst(find.substring(6), replace)
                : text.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
        Path case1 = Files.createTempDirectory(dir, "case");
        write(case1.resolve("x.yaml"), damaged);
        Result ours = CliProcess.run(case1, KEY.env(), "decrypt", "x.yaml");
        assertEquals(expected, ours.code(), name + ": " + ours.err());
        assertEquals(expected, RealSops.run(case1, KEY.env(), "decrypt", "x.yaml"), name + " (real sops)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "set on a missing file          | set,nope.yaml,[\"a\"],1               | 2",
        "unset on a missing file        | unset,nope.yaml,[\"a\"]               | 2",
        "set with a malformed path      | set,m.yaml,[\"a\",1                   | 7",
        "unset with a path without [    | unset,m.yaml,a                        | 7",
        "set with a missing value file  | set,--value-file,m.yaml,[\"a\"],nope  | 1",
        "unset of a missing key         | unset,m.yaml,[\"x\"][\"y\"]           | 1",
        "filestatus of unparsable YAML  | filestatus,bad.yaml                   | 1",
    })
    void setUnsetAndFilestatus(String name, String args, int expected) throws Exception {
        Path case1 = Files.createTempDirectory(dir, "case");
        Files.copy(dir.resolve("m.yaml"), case1.resolve("m.yaml"));
        write(case1.resolve("bad.yaml"), "a: [\n");
        String[] argv = args.split(",");
        Result ours = CliProcess.run(case1, KEY.env(), argv);
        assertEquals(expected, ours.code(), name + ": " + ours.err());
        Files.copy(dir.resolve("m.yaml"), case1.resolve("m.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(expected, RealSops.run(case1, Map.of("SOPS_AGE_KEY", KEY.identity()), argv), name + " (real sops)");
    }
}
