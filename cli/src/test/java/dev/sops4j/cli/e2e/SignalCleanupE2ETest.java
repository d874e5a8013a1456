package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real signals against a real process (issue #19 item 6): {@code edit} waiting in a scripted editor, and
 * {@code decrypt -i} held after writing its plaintext temp file by the test hook {@code sops4j.test.pauseAfterTempWrite}.
 * Every handled signal removes the plaintext; the exit code is the shell's 128 + signal number. Waits poll a
 * marker file with a generous bound; nothing is timed.
 */
class SignalCleanupE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
    }

    private Path encrypted() {
        write(dir.resolve("s.json"), "{\"password\": \"hunter2\"}\n");
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), "s.json").code());
        return dir.resolve("s.json");
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"USR1, 10", "USR2, 12", "ALRM, 14", "ABRT, 6", "TERM, 15", "HUP, 1"})
    void editKilledBySignalLeavesNoPlaintext(String signal, int number) throws Exception {
        Path f = encrypted();
        String before = read(f);
        Path marker = dir.resolve("editing");
        Path editor = dir.resolve("ed.sh");
        // records the plaintext's path, then waits as long as sops4j (its parent) lives
        Files.writeString(editor, "#!/bin/sh\necho \"$1\" > " + marker + ".part && mv " + marker + ".part " + marker
                + "\nwhile kill -0 $PPID 2>/dev/null; do sleep 0.1; done\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = new HashMap<>(key.env());
        env.put("EDITOR", editor.toString());
        env.put("TMPDIR", Files.createDirectory(dir.resolve("tmp")).toString());
        Process p = CliProcess.start(List.of(), dir, env, dir.resolve("log"), "edit", "s.json");
        try {
            awaitFile(marker, p);
            Path plaintext = Path.of(read(marker).strip());
            assertTrue(read(plaintext).contains("hunter2"), "the editor sees the plaintext");
            kill(signal, p.pid());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "sops4j did not end on SIG" + signal);
            assertEquals(128 + number, p.exitValue(), read(dir.resolve("log")));
            assertFalse(Files.exists(plaintext), "plaintext left behind after SIG" + signal);
            assertFalse(Files.exists(plaintext.getParent()), "private directory left behind after SIG" + signal);
            assertEquals(before, read(f));
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 15", "USR1, 10"})
    void decryptInPlaceKilledAfterWritingItsTempFileLeavesNoPlaintext(String signal, int number) throws Exception {
        Path f = encrypted();
        String before = read(f);
        Path paused = dir.resolve("paused");
        Process p = CliProcess.start(List.of("-Dsops4j.test.pauseAfterTempWrite=" + paused), dir, key.env(),
                dir.resolve("log"), "decrypt", "-i", "s.json");
        try {
            awaitFile(paused, p);
            List<Path> temps = temps();
            assertEquals(1, temps.size(), "the hook pauses with the temp file written");
            assertTrue(read(temps.get(0)).contains("hunter2"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temps.get(0))));
            kill(signal, p.pid());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "sops4j did not end on SIG" + signal);
            assertEquals(128 + number, p.exitValue(), read(dir.resolve("log")));
            assertEquals(List.of(), temps(), "plaintext temp file left behind after SIG" + signal);
            assertEquals(before, read(f));
        } finally {
            p.destroyForcibly();
        }
    }

    private List<Path> temps() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sops4j-tmp")).toList();
        }
    }

    private static void awaitFile(Path marker, Process p) throws InterruptedException {
        for (int i = 0; i < 2400 && !Files.exists(marker); i++) {
            assertTrue(p.isAlive(), "sops4j ended before " + marker.getFileName() + " appeared");
            Thread.sleep(50);
        }
        assertTrue(Files.exists(marker), marker.getFileName() + " never appeared");
    }

    private static void kill(String signal, long pid) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, k.waitFor());
    }
}
