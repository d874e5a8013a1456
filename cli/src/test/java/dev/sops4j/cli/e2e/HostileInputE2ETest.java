package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and configs written by someone else (issue "hostile repositories and files"), through the real process
 * (so on the deep-stack thread of Main), with sops' messages and exit codes. Where the real sops 3.13.2 is
 * available (../shared/tools) it writes the hostile inputs and its answers are compared.
 */
class HostileInputE2ETest {
    private static final String EVIL = "(.*a){25}$";

    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "yaml", "a: b\n");
    }

    private Result sops4j(String... args) {
        return CliProcess.run(dir, key.env(), args);
    }

    /** The real sops, decompressed into the test directory, or null when ../shared/tools is absent. */
    private Path realSops() {
        Path xz = Path.of(System.getProperty("sops4j.shared", "../../shared"), "tools", "sops-3.13.2-linux-amd64.xz");
        if (!Files.isRegularFile(xz)) {
            return null;
        }
        Path bin = dir.resolve("real-sops");
        try {
            Process p = new ProcessBuilder("xz", "-dc", xz.toString()).redirectOutput(bin.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            bin.toFile().setExecutable(true);
            return bin;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Result run(Path program, Map<String, String> env, String... args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(program.toString()).directory(dir.toFile());
            pb.command().addAll(List.of(args));
            pb.environment().clear();
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            pb.environment().put("HOME", dir.toString());
            pb.environment().putAll(env);
            Path err = Files.createTempFile(dir, "err", ".txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sops did not finish");
            return new Result(p.exitValue(), out, Files.readString(err));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** sops prefixes encrypt's parse errors with "Error unmarshalling file: "; the rest is the same text. */
    private static String withoutSopsPrefix(String err) {
        return err.replaceFirst("^Error unmarshalling file: ", "");
    }

    @Test
    void backtrackingRegexesFromFilesAndConfigsFinishAtOnce() {
        String name = "a".repeat(40) + "b";
        write(dir.resolve("plain.yaml"), name + ": secret\nother: x\n");
        Path real = realSops();
        Result made = real != null
                ? run(real, Map.of(), "encrypt", "--age", key.recipient(), "--encrypted-regex", EVIL, "plain.yaml")
                : sops4j("encrypt", "--age", key.recipient(), "--encrypted-regex", EVIL, "plain.yaml");
        assertEquals(0, made.code(), made.err());
        write(dir.resolve("evil.enc.yaml"), made.out());
        Result dec = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> sops4j("decrypt", "evil.enc.yaml"));
        assertEquals(0, dec.code(), dec.err());
        assertEquals(name + ": secret\nother: x\n", dec.out());

        // The same pattern as a path_regex: the rule does not match, the catch-all after it does.
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: '" + EVIL + "'\n    age: age1qqqq\n"
                + "  - age: " + key.recipient() + "\n");
        write(dir.resolve(name), "k: v\n");
        Result enc = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> sops4j("encrypt", "--input-type", "yaml", "--output-type", "yaml", name));
        assertEquals(0, enc.code(), enc.err());
        assertTrue(enc.out().contains("recipient: " + key.recipient()), enc.out());
    }

    @Test
    void deepNestingAsSops() {
        write(dir.resolve("d5000.json"), "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "\n");
        Result ok = sops4j("encrypt", "--age", key.recipient(), "d5000.json");
        assertEquals(0, ok.code(), ok.err().lines().findFirst().orElse(""));
        write(dir.resolve("d5000.enc.json"), ok.out());
        Result back = sops4j("decrypt", "d5000.enc.json");
        assertEquals(0, back.code(), back.err().lines().findFirst().orElse(""));
        String out = back.out();
        // Written as Go's json.Indent lays it out (tabs), the value at the bottom.
        assertTrue(out.startsWith("{\n\t\"a\": {\n\t\t\"a\": {") && out.contains("\"a\": 1\n")
                && out.endsWith("}\n"), "decrypted layout");
        assertEquals(5000, out.chars().filter(c -> c == '{').count());

        write(dir.resolve("d10001.json"), "{\"a\":".repeat(10_001) + "1" + "}".repeat(10_001) + "\n");
        write(dir.resolve("f10001.yaml"), "a: " + "[".repeat(10_001) + "1" + "]".repeat(10_001) + "\n");
        write(dir.resolve("b10001.yaml"), "a:\n  " + "- ".repeat(10_000) + "x\n");
        Map<String, String> expected = Map.of(
                "d10001.json", "Could not marshal tree: Error marshaling to json: invalid character '{' exceeded max depth",
                "f10001.yaml", "Error unmarshaling input YAML: yaml: exceeded max depth of 10000",
                "b10001.yaml", "Error unmarshaling input YAML: yaml: line 2: exceeded max depth of 10000");
        Map<String, Integer> codes = Map.of("d10001.json", 4, "f10001.yaml", 2, "b10001.yaml", 2);
        Path real = realSops();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Result r = sops4j("encrypt", "--age", key.recipient(), e.getKey());
            assertEquals(codes.get(e.getKey()), r.code(), e.getKey());
            assertEquals(e.getValue() + "\n", r.err(), e.getKey());
            assertFalse(r.err().contains("StackOverflowError"));
            if (real != null) {
                Result s = run(real, Map.of(), "encrypt", "--age", key.recipient(), e.getKey());
                assertEquals(s.code(), r.code(), e.getKey());
                assertEquals(withoutSopsPrefix(s.err()).replace("Error unmarshaling input YAML: ", ""),
                        r.err().replace("Error unmarshaling input YAML: ", ""), e.getKey());
            }
        }
    }

    @Test
    void jsonParseErrorsDoNotQuoteTheFile() {
        write(dir.resolve("bad.json"), "{\"password\": hunter2SECRET}\n");
        Result r = sops4j("encrypt", "--age", key.recipient(), "bad.json");
        assertEquals(2, r.code());
        assertEquals("Could not unmarshal input data: invalid character 'h' looking for beginning of value\n",
                r.err());
        Path real = realSops();
        if (real != null) {
            Result s = run(real, Map.of(), "encrypt", "--age", key.recipient(), "bad.json");
            assertEquals(s.code(), r.code());
            assertEquals(withoutSopsPrefix(s.err()), r.err());
        }
    }

    @Test
    void plantedCommentIsKeptWithSopsWarning() {
        write(dir.resolve("c.yaml"), "# note\na: 1\n");
        Result enc = sops4j("encrypt", "--age", key.recipient(), "c.yaml");
        assertEquals(0, enc.code(), enc.err());
        String planted = enc.out().replaceFirst("(?m)^#ENC\\[.*$", "# planted in clear");
        write(dir.resolve("c.enc.yaml"), planted);
        Result dec = sops4j("decrypt", "c.enc.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals("# planted in clear\na: 1\n", dec.out());
        assertTrue(dec.err().matches("\\[SOPS]\t time=\"[0-9T:-]+Z\" level=warning msg=\"Found possibly unencrypted"
                + " comment in file\\. This is to be expected if the file being decrypted was created with an older"
                + " version of SOPS\\.\"\n"), dec.err());
        assertFalse(dec.err().contains("planted"));
    }

    @Test
    void keyCommandRunsWithoutAShell() throws IOException {
        write(dir.resolve("k.yaml"), "a: 1\n");
        Result enc = sops4j("encrypt", "--age", key.recipient(), "k.yaml");
        write(dir.resolve("k.enc.yaml"), enc.out());
        write(dir.resolve("key.txt"), key.identity() + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("SOPS_AGE_KEY_CMD", "cat key.txt; touch PWN");
        Result r = CliProcess.run(dir, env, "decrypt", "k.enc.yaml");
        assertEquals(128, r.code(), r.err());
        assertTrue(r.err().toLowerCase(java.util.Locale.ROOT).contains("failed to execute command cat key.txt; touch pwn: exit status 1"), r.err());
        assertFalse(Files.exists(dir.resolve("PWN")));
        env.put("SOPS_AGE_KEY_CMD", "cat 'key.txt'");
        Result ok = CliProcess.run(dir, env, "decrypt", "k.enc.yaml");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("a: 1\n", ok.out());
        Path real = realSops();
        if (real != null) {
            Result s = run(real, Map.of("SOPS_AGE_KEY_CMD", "cat key.txt; touch PWN"), "decrypt", "k.enc.yaml");
            assertEquals(128, s.code());
            assertFalse(Files.exists(dir.resolve("PWN")));
        }
        assertTrue(new String(ok.stdout(), StandardCharsets.UTF_8).startsWith("a:"));
    }
}
