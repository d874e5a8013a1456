package dev.sops4j.cli.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Key service processes for the tests (the real {@code sops keyservice} and {@code sops4j keyservice}). */
final class KeyServices implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real sops serving {@code env}'s keys on {@code 127.0.0.1:port}; returns once it accepts connections. */
    String realSops(Path dir, Map<String, String> env, int port) {
        List<String> cmd = List.of(RealSops.binary().toString(), "keyservice", "--network", "tcp", "--address",
                "127.0.0.1:" + port);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("sops-keyservice.log").toFile());
        try {
            started.add(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitTcp(port);
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code sops4j keyservice} with {@code args}, serving {@code env}'s keys; returns once it is listening. */
    Process sops4j(Path dir, Map<String, String> env, String... args) {
        Path log = dir.resolve("sops4j-keyservice.log");
        List<String> all = new ArrayList<>(List.of("keyservice"));
        all.addAll(List.of(args));
        Process p = CliProcess.start(List.of(), dir, env, log, all.toArray(String[]::new));
        started.add(p);
        for (int i = 0; i < 600; i++) {
            if (Fixtures.read(log).contains("Listening on ")) {
                return p;
            }
            if (!p.isAlive()) {
                throw new AssertionError("sops4j keyservice exited: " + Fixtures.read(log));
            }
            pause();
        }
        throw new AssertionError("sops4j keyservice did not start: " + Fixtures.read(log));
    }

    private static void awaitTcp(int port) {
        for (int i = 0; i < 600; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                pause();
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs the real sops with {@code env}; stdout and stderr joined. */
    static CliProcess.Result sops(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(RealSops.binary().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        try {
            Path err = Files.createTempFile(dir, "sops", ".err");
            pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sops did not finish");
            }
            return new CliProcess.Result(p.exitValue(), out, Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }
}
