package dev.sops4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the reference data kept beside the repository in {@code ../shared} (real sops files, their keys and the
 * conformance scenarios). Never copied into the repo: tests that need it are skipped with a clear message when the
 * folder is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder, or a skipped test when it is not there. */
    public static Path root() {
        Path p = locate();
        assumeTrue(p != null, "../shared (sops reference vectors) is absent: skipping tests that read real sops files");
        return p;
    }

    /** A file under {@code ../shared}, skipping the test when it is absent. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), "../shared/" + relative + " is absent: skipping");
        return p;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Path locate() {
        String prop = System.getProperty("sops4j.shared");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("sops-vectors"))) {
                return candidate;
            }
        }
        return null;
    }
}
