package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/keyservice.md, executed: every sh block in order in one bash (sops4j from this build and the real sops 3.13.2
 * on PATH), its stdout compared with the text blocks joined.
 */
class KeyServiceDocsTest {
    private static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/keyservice.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theExamplesRunAsWritten() throws Exception {
        Path sops = RealSops.binary();
        StringBuilder script = new StringBuilder("set -e\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n");
        StringBuilder expected = new StringBuilder();
        Matcher m = BLOCK.matcher(Files.readString(DOC));
        while (m.find()) {
            if (m.group(1).equals("sh")) {
                script.append(m.group(2));
            } else if (m.group(1).equals("text")) {
                expected.append(m.group(2));
            }
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Sops4jShim.write(bin.resolve("sops4j"), tmp);
        Files.createSymbolicLink(bin.resolve("sops"), sops);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder("timeout", "600", "bash", "-c", script.toString())
                .directory(work.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", work.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(700, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out + "\n" + Files.readString(err));
        assertEquals(expected.toString(), out, Files.readString(err));
    }
}
