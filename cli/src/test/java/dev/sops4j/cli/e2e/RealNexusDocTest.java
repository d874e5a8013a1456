package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.nexus.client.Json;
import dev.sops4j.nexus.real.RealNexus;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/nexus.md "Try it locally", executed: its bash blocks run in order by bash in an empty directory, with the
 * real SPIKE Nexus, spike-devid and {@code sops4j} on the PATH; the output must contain every {@code text} block of
 * the section, and the policy Nexus holds must be the {@code json} block. Skipped when ../shared/tools is absent.
 */
class RealNexusDocTest {
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(bash|text|json)\n(.*?)^```\n");

    @TempDir
    Path dir;

    private static Map<String, List<String>> blocks() throws Exception {
        String doc = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/nexus.md"));
        String section = doc.substring(doc.indexOf("## Try it locally\n"), doc.indexOf("### In production: SPIRE\n"));
        Map<String, List<String>> out = Map.of("bash", new ArrayList<>(), "text", new ArrayList<>(), "json",
                new ArrayList<>());
        Matcher m = BLOCK.matcher(section);
        while (m.find()) {
            out.get(m.group(1)).add(m.group(2));
        }
        return out;
    }

    @Test
    void tryItLocallyRunsAsWritten() throws Exception {
        Path bin = dir.resolve("bin");
        RealNexus.linkBinariesOrSkip(bin);
        Map<String, List<String>> blocks = blocks();
        assertEquals(6, blocks.get("bash").size());
        Sops4jShim.write(bin.resolve("sops4j"), null);
        Path work = Files.createDirectories(dir.resolve("work"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "set -euo pipefail\n" + String.join("", blocks.get("bash"))).directory(work.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        pb.environment().put("NEXUS_PORT", Integer.toString(freePort()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
        } finally {
            p.destroyForcibly();
            stopStartedBy(work.resolve("pids"));
        }
        assertEquals(0, p.exitValue(), out);
        for (String text : blocks.get("text")) {
            assertTrue(out.contains(text), "expected in the output:\n" + text + "\n--- output:\n" + out);
        }
        String shown = out.lines().filter(l -> l.startsWith("{\"id\":\"\",\"name\":\"sops4j ")).findFirst()
                .orElseThrow(() -> new AssertionError(out));
        Map<String, Object> held = Json.parseObject(shown);
        Map<String, Object> documented = Json.parseObject(blocks.get("json").get(0));
        assertEquals(documented.get("name"), held.get("name"));
        assertEquals(documented.get("spiffeidPattern"), held.get("spiffiedPattern"));
        assertEquals(documented.get("pathPattern"), held.get("pathPattern"));
        assertEquals(documented.get("permissions"), held.get("permissions"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the processes the script recorded (each one it started in the background), if still running. */
    private static void stopStartedBy(Path pids) throws Exception {
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            if (!line.isBlank()) {
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
