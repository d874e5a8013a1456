package dev.sops4j.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}; {@code scripts/test-all} installs it) on a free
 * loopback port, without persistence. Tests that need it are skipped, saying why, when the binary is absent.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Optional<String> password;
    private Process process;

    private RedisServer(Path dir, int port, Optional<String> password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Skips the calling test when there is no redis-server binary. */
    public static RedisServer start(Optional<String> password) {
        Optional<Path> bin = binary();
        Assumptions.assumeTrue(bin.isPresent(),
                "redis-server not found on PATH (apt-get install redis-server; scripts/test-all does): skipped");
        try {
            RedisServer r = new RedisServer(Files.createTempDirectory("gw-redis"), freePort(), password);
            r.launch();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Path> binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(d, "redis-server");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public URI url() {
        return URI.create("redis://127.0.0.1:" + port + "/0");
    }

    public int port() {
        return port;
    }

    /** Starts (again, after {@link #kill}) and waits until it accepts connections. */
    public void launch() throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary().orElseThrow().toString(), "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                dir.toString(), "--daemonize", "no", "--loglevel", "warning"));
        password.ifPresent(p -> cmd.addAll(List.of("--requirepass", p)));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        for (int i = 0; i < 500; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
                }
                sleep(20);
            }
        }
        throw new IOException("redis-server did not start on port " + port);
    }

    /** SIGKILL, as a crash or a network cut would look to the gateway. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }
}
