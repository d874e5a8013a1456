package dev.sops4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a JVM started as the launchers start it ({@code --add-exports} for the two handler packages), an http(s) URL
 * gets the JDK's own handler without the class path being searched for providers; without the exports nothing is
 * installed and the JDK searches as usual. A provider registered on the child's class path says whether it was
 * consulted.
 */
class UrlHandlersTest {
    /** What the launchers pass (dist/src/bin/sops4j, ./sops4j). */
    static final List<String> EXPORTS = List.of(
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED");

    /** A provider that handles nothing and records that the JDK asked it. */
    public static final class RecordingProvider extends URLStreamHandlerProvider {
        static volatile boolean consulted;

        @Override
        public URLStreamHandler createURLStreamHandler(String protocol) {
            consulted = true;
            return null;
        }
    }

    /** Runs in the child JVM. */
    public static final class Probe {
        public static void main(String[] args) throws IOException {
            UrlHandlers.install();
            URL http = URI.create("http://localhost/").toURL();
            URL https = URI.create("https://localhost/").toURL();
            System.out.println(http.openConnection().getClass().getName());
            System.out.println(https.openConnection().getClass().getName());
            System.out.println("provider consulted: " + RecordingProvider.consulted);
        }
    }

    @TempDir
    Path dir;

    private String run(List<String> jvmOptions) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(URLStreamHandlerProvider.class.getName()),
                RecordingProvider.class.getName() + "\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(dir + java.io.File.pathSeparator + System.getProperty("java.class.path"));
        cmd.add(Probe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withTheLaunchersExportsTheJdkHandlersAreUsedAndNoProviderIsSearched() throws Exception {
        assertEquals("sun.net.www.protocol.http.HttpURLConnection\n"
                + "sun.net.www.protocol.https.HttpsURLConnectionImpl\n"
                + "provider consulted: false\n", run(EXPORTS));
    }

    @Test
    void withoutThemNothingIsInstalledAndTheJdkSearchesAsUsual() throws Exception {
        assertEquals("sun.net.www.protocol.http.HttpURLConnection\n"
                + "sun.net.www.protocol.https.HttpsURLConnectionImpl\n"
                + "provider consulted: true\n", run(List.of()));
    }
}
