package dev.sops4j.nexus.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real SPIKE Nexus 0.8.2 with {@code spike-devid} (SVID issuer and Workload API stand-in for SPIRE) on loopback,
 * for tests. The binaries come xz-compressed from {@code ../shared/tools} and are decompressed once into a cache
 * directory outside the repository; tests are skipped with a clear message when the tools are absent. Every process
 * started here is stopped by {@link #close()}.
 */
public final class RealNexus implements AutoCloseable {
    public static final String TRUST_DOMAIN = "spike.ist";
    public static final String NEXUS_ID = "spiffe://spike.ist/spike/nexus";
    public static final String SUPERUSER = "spiffe://spike.ist/spike/pilot/role/superuser";
    static final String NEXUS_XZ = "spike-nexus-0.8.2-42547a7e-linux-amd64.xz";
    static final String DEVID_XZ = "spike-devid-linux-amd64.xz";

    private final Path dir;
    private final Path devid;
    private final List<Process> processes = new ArrayList<>();
    private final int port;

    private RealNexus(Path tools, Path dir, boolean ready) throws IOException {
        this.dir = dir;
        this.devid = cached(tools, DEVID_XZ, "spike-devid");
        Path nexus = cached(tools, NEXUS_XZ, "spike-nexus");
        run(devid.toString(), "ca", "-dir", dir.resolve("ca").toString(), "-td", TRUST_DOMAIN);
        Path socket = serveWorkloadApi(NEXUS_ID, "localhost");
        port = freePort();
        Files.createDirectories(dir.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(nexus.toString()).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("HOME", dir.resolve("home").toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("SPIFFE_ENDPOINT_SOCKET", "unix://" + socket);
        env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + port);
        if (ready) {
            env.put("SPIKE_NEXUS_BACKEND_STORE", "memory");
        } else {
            env.put("SPIKE_NEXUS_BACKEND_STORE", "sqlite");
            env.put("SPIKE_NEXUS_KEEPER_PEERS", "https://127.0.0.1:" + freePort());
        }
        Path log = dir.resolve("nexus.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        processes.add(p);
        awaitPort(port, p, log);
    }

    /** Starts a ready Nexus (in-memory backend), or skips the calling test when ../shared/tools is absent. */
    public static RealNexus startOrSkip(Path workDir) {
        return start(workDir, true);
    }

    /** Starts a Nexus that stays not ready (SQLite backend, no Keepers): every call answers 503 state_not_ready. */
    public static RealNexus startNotReadyOrSkip(Path workDir) {
        return start(workDir, false);
    }

    private static RealNexus start(Path workDir, boolean ready) {
        Optional<Path> tools = tools();
        Assumptions.assumeTrue(tools.isPresent(),
                "real SPIKE Nexus not available: ../shared/tools/" + NEXUS_XZ + " not found above "
                        + Path.of("").toAbsolutePath());
        try {
            return new RealNexus(tools.get(), workDir, ready);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Links {@code spike-nexus} and {@code spike-devid} (unpacked from ../shared/tools) into {@code bin}, for tests
     * that run shell commands; skips the calling test when the tools are absent.
     */
    public static void linkBinariesOrSkip(Path bin) {
        Optional<Path> tools = tools();
        Assumptions.assumeTrue(tools.isPresent(), "real SPIKE Nexus not available: ../shared/tools/" + NEXUS_XZ
                + " not found above " + Path.of("").toAbsolutePath());
        try {
            Files.createDirectories(bin);
            Files.createSymbolicLink(bin.resolve("spike-nexus"), cached(tools.get(), NEXUS_XZ, "spike-nexus"));
            Files.createSymbolicLink(bin.resolve("spike-devid"), cached(tools.get(), DEVID_XZ, "spike-devid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code shared/tools} directory holding the Nexus binaries, searched upwards from the working directory. */
    public static Optional<Path> tools() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path t = p.resolve("shared/tools");
            if (Files.isRegularFile(t.resolve(NEXUS_XZ)) && Files.isRegularFile(t.resolve(DEVID_XZ))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public URI url() {
        return URI.create("https://localhost:" + port);
    }

    public int port() {
        return port;
    }

    /** The trust bundle (ca.pem) of the test trust domain. */
    public Path bundle() {
        return dir.resolve("ca/ca.pem");
    }

    /**
     * Issues an X.509-SVID into {@code out} as spiffe-helper writes it: svid.pem, svid_key.pem, svid_bundle.pem.
     */
    public Path issue(String spiffeId, Path out) {
        try {
            Path raw = dir.resolve("issued-" + Integer.toHexString(spiffeId.hashCode()) + "-" + System.nanoTime());
            run(devid.toString(), "issue", "-dir", dir.resolve("ca").toString(), "-id", spiffeId, "-out",
                    raw.toString());
            Files.createDirectories(out);
            Files.copy(raw.resolve("svid.pem"), out.resolve("svid.pem"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(raw.resolve("svid_key.pem"), out.resolve("svid_key.pem"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(raw.resolve("bundle.pem"), out.resolve("svid_bundle.pem"),
                    StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves a SPIFFE Workload API handing out an SVID for {@code spiffeId}; returns the socket path. */
    public Path serveWorkloadApi(String spiffeId, String... dns) {
        Path socket = dir.resolve("wl-" + processes.size() + ".sock");
        List<String> cmd = new ArrayList<>(List.of(devid.toString(), "serve", "-dir",
                dir.resolve("ca").toString(), "-socket", socket.toString(), "-id", spiffeId));
        if (dns.length > 0) {
            cmd.addAll(List.of("-dns", String.join(",", dns)));
        }
        try {
            Path log = dir.resolve("devid-" + processes.size() + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            processes.add(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(socket)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("spike-devid serve did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops Nexus only (the Workload API servers keep running): later calls find Nexus down. */
    public void stopNexus() {
        stop(processes.stream().filter(p -> p.info().command().orElse("").contains("spike-nexus")).toList());
    }

    @Override
    public void close() {
        stop(processes);
    }

    private static void stop(List<Process> ps) {
        for (Process p : ps) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : ps) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process p, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("SPIKE Nexus did not start: " + Files.readString(log));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Decompresses {@code xz} once into ~/.cache/sops4j-test-tools (keyed by size and mtime), never the repo. */
    private static Path cached(Path tools, String xz, String name) throws IOException {
        Path src = tools.resolve(xz);
        String key = Files.size(src) + "-" + Files.getLastModifiedTime(src).toMillis();
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "sops4j-test-tools");
        Files.createDirectories(cache);
        Path bin = cache.resolve(name + "-" + key);
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Path tmp = Files.createTempFile(cache, name, ".part");
        try {
            Process p = new ProcessBuilder("xz", "-dc", src.toString()).redirectOutput(tmp.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IOException("xz -dc " + src + " failed");
            }
            tmp.toFile().setExecutable(true);
            Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return bin;
    }

    private static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
