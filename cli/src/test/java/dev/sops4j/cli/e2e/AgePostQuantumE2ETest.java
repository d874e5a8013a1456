package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** age1pq1 hybrid recipients with sops4j and the real sops 3.13.2 (built with age 1.3.1), both directions. */
class AgePostQuantumE2ETest {
    private static final String PLAIN = "db:\n    password: hunter2\n";

    @TempDir
    Path dir;

    private String keygen(String file, String... flags) throws Exception {
        String[] args = new String[flags.length + 3];
        args[0] = "keygen";
        System.arraycopy(flags, 0, args, 1, flags.length);
        args[flags.length + 1] = "-o";
        args[flags.length + 2] = file;
        Result r = CliProcess.run(dir, Map.of(), args);
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(dir.resolve(file));
        assertTrue(text.startsWith("# created: "), text);
        String recipient = text.lines().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
                .substring("# public key: ".length());
        assertEquals("Public key: " + recipient + "\n", r.err());
        return recipient;
    }

    private Map<String, String> keyFile(String file) {
        return Map.of("SOPS_AGE_KEY_FILE", dir.resolve(file).toString());
    }

    @Test
    void realSopsEncryptsToPqAndSops4jDecrypts() throws Exception {
        String pq = keygen("pq.txt", "--pq");
        assertTrue(pq.startsWith("age1pq1") && pq.length() > 1900, pq);
        Files.writeString(dir.resolve("a.yaml"), PLAIN);
        assertEquals(0, RealSops.run(dir, Map.of(), "encrypt", "--age", pq, "--output", "a.enc.yaml", "a.yaml"));
        Result dec = CliProcess.run(dir, keyFile("pq.txt"), "decrypt", "a.enc.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
    }

    /** age 1.3.2's bin directory (age-plugin-tagtest); skips when scripts/test-all did not fetch it. */
    private static String age13() {
        String b = System.getenv("SOPS4J_AGE13_BIN");
        org.junit.jupiter.api.Assumptions.assumeTrue(b != null && Files.isDirectory(Path.of(b)),
                "SOPS4J_AGE13_BIN is not set (scripts/test-all fetches age 1.3.2): skipping plugin e2e");
        return b + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    @Test
    void mixedX25519PqAndPluginTagFileDecryptsWithEachIdentityAlone() throws Exception {
        String path = age13();
        String tagtest = "age1tag1qwe0kafsjrar4txm6heqnhpfuggzr0gvznz7fvygxrlq90u5mq2pysxtw6h";
        Files.writeString(dir.resolve("tag.txt"), "AGE-PLUGIN-TAGTEST-1CXM4UC\n");
        String pq = keygen("pq.txt", "--pq");
        String x = keygen("x.txt");
        Files.writeString(dir.resolve("m.yaml"), PLAIN);
        Result enc = CliProcess.run(dir, Map.of(), "encrypt", "--age", x + "," + pq + "," + tagtest, "--output",
                "m.enc.yaml", "m.yaml");
        assertEquals(0, enc.code(), enc.err());
        for (String key : new String[] {"pq.txt", "x.txt", "tag.txt"}) {
            Map<String, String> env = Map.of("SOPS_AGE_KEY_FILE", dir.resolve(key).toString(), "PATH", path);
            Result dec = CliProcess.run(dir, env, "decrypt", "m.enc.yaml");
            assertEquals(0, dec.code(), key + ": " + dec.err());
            assertEquals(PLAIN, dec.out());
            Path out = dir.resolve("out-" + key + ".yaml");
            assertEquals(0, RealSops.run(dir, env, "decrypt", "--output", out.toString(), "m.enc.yaml"),
                    "real sops with " + key);
            assertEquals(PLAIN, Files.readString(out));
        }
    }

    @Test
    void missingPluginIsOneLineAndNoFile() throws Exception {
        Files.writeString(dir.resolve("n.yaml"), PLAIN);
        Result enc = CliProcess.run(dir, Map.of("PATH", dir.toString()), "encrypt", "--age",
                "age1nosuch1qqqqqqqqqqqqqqqq59fqnq", "--output", "n.enc.yaml", "n.yaml");
        assertTrue(enc.code() != 0);
        assertEquals(1, enc.err().strip().lines().count(), enc.err());
        assertTrue(enc.err().contains("age plugin binary age-plugin-nosuch not found in PATH"), enc.err());
        assertTrue(Files.notExists(dir.resolve("n.enc.yaml")));
    }

    @Test
    void mixedX25519AndPqFileRoundTripsWithEachIdentityAloneInBothTools() throws Exception {
        String pq = keygen("pq.txt", "--pq");
        String x = keygen("x.txt");
        Files.writeString(dir.resolve("b.yaml"), PLAIN);
        Result enc = CliProcess.run(dir, Map.of(), "encrypt", "--age", x + "," + pq, "--output", "b.enc.yaml",
                "b.yaml");
        assertEquals(0, enc.code(), enc.err());
        String file = Files.readString(dir.resolve("b.enc.yaml"));
        assertTrue(file.contains("recipient: " + pq), file);
        for (String key : new String[] {"pq.txt", "x.txt"}) {
            Result dec = CliProcess.run(dir, keyFile(key), "decrypt", "b.enc.yaml");
            assertEquals(0, dec.code(), key + ": " + dec.err());
            assertEquals(PLAIN, dec.out());
            Path out = dir.resolve("out-" + key + ".yaml");
            assertEquals(0, RealSops.run(dir, keyFile(key), "decrypt", "--output", out.toString(), "b.enc.yaml"),
                    "real sops with " + key);
            assertEquals(PLAIN, Files.readString(out));
        }
    }
}
