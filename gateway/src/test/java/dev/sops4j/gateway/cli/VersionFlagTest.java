package dev.sops4j.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.Version;
import dev.sops4j.core.env.Environment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sops4j-gateway --version}: the build's version and commit, exit 0, nothing on stderr. */
class VersionFlagTest {
    @TempDir
    Path dir;

    @Test
    void printsVersionAndCommit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--version"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Environment(Map.of(), dir, dir));
        assertEquals(0, code);
        Version v = Version.current();
        assertEquals("sops4j-gateway " + v.version() + " (" + v.commit() + ")\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
