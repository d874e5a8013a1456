package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vector l: sops 3.13.2 wrote comments inside a list as list elements of type comment (and then fails its own MAC
 * check). sops4j decrypts it byte-identically to {@code sops decrypt --ignore-mac}, with and without --ignore-mac
 * (the MAC verified as the fixed sops verifies it), and a rewrite stores the comments so that sops 3.13.2 reads it.
 */
class ListCommentsVectorE2ETest {
    private static final String DIR = "sops-vectors/real-sops-3.13.2/";

    @TempDir
    Path dir;

    @Test
    void decryptsLikeSopsAndRewritesIntoAFileSops3132Reads() throws Exception {
        Path enc = dir.resolve("l.enc.yaml");
        Files.write(enc, SharedData.bytes(DIR + "list-comments/l.enc.yaml"));
        Map<String, String> env = Map.of("SOPS_AGE_KEY_FILE", SharedData.file(DIR + "age-key.txt").toString());
        byte[] expected = SharedData.bytes(DIR + "list-comments/l.dec-ignore-mac.yaml");

        Result ignoreMac = CliProcess.run(dir, env, "decrypt", "--ignore-mac", "l.enc.yaml");
        assertEquals(0, ignoreMac.code(), ignoreMac.err());
        assertArrayEquals(expected, ignoreMac.stdout());
        Result verified = CliProcess.run(dir, env, "decrypt", "l.enc.yaml");
        assertEquals(0, verified.code(), verified.err());
        assertArrayEquals(expected, verified.stdout());

        // the real sops 3.13.2 refuses the file it wrote (MAC), and accepts it once sops4j has rewritten it
        assertEquals(51, RealSops.run(dir, env, "decrypt", "l.enc.yaml"));
        Result set = CliProcess.run(dir, env, "set", "l.enc.yaml", "[\"app\"][\"name\"]", "\"x\"");
        assertEquals(0, set.code(), set.err());
        assertEquals(0, RealSops.run(dir, env, "decrypt", "l.enc.yaml"));
    }
}
