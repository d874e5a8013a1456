package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell walkthroughs of docs/spring-boot.md and docs/microprofile.md (encrypt, change a value, rotate the key),
 * run in order by bash in an empty directory with an empty HOME and {@code sops4j} on the PATH.
 */
class DocsWalkthroughE2ETest {
    private static final Pattern BASH = Pattern.compile("(?ms)^( *)```bash\n(.*?)^ *```\n");

    @ParameterizedTest
    @ValueSource(strings = {"spring-boot.md", "microprofile.md"})
    void shellBlocksRun(String doc, @TempDir Path dir) throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        Matcher m = BASH.matcher(Files.readString(repo.resolve("docs").resolve(doc)));
        while (m.find()) {
            script.append(m.group(2).replaceAll("(?m)^" + m.group(1), ""));
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Sops4jShim.write(bin.resolve("sops4j"), null);
        Path work = Files.createDirectories(dir.resolve("work"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", dir.resolve("home").toString());
        Path err = dir.resolve("stderr");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(300, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out + Files.readString(err));
        // The last command decrypts the rotated file with the new key only: the changed value.
        assertEquals("n3w-s3cret", out.strip().lines().reduce((a, b) -> b).orElse(""), out);
    }
}
