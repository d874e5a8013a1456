package dev.sops4j.core.keys.age.plugin;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code age-plugin-<name> --age-plugin=<state machine>}: stanzas are written to its stdin and read from
 * its stdout on a reader thread, so that a plugin that goes silent is stopped after the timeout.
 */
final class PluginConnection implements AutoCloseable {
    private static final Object EOF = new Object();
    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
    private final Duration timeout;

    private PluginConnection(String name, Process process, Duration timeout) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.timeout = timeout;
        Thread reader = new Thread(this::pump, "age-plugin-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static PluginConnection open(String name, String stateMachine, String searchPath, Duration timeout)
            throws IOException {
        Path binary = find("age-plugin-" + name, searchPath);
        if (binary == null) {
            throw new IOException("age plugin binary age-plugin-" + name + " not found in PATH");
        }
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--age-plugin=" + stateMachine);
        pb.directory(new java.io.File(System.getProperty("java.io.tmpdir")));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return new PluginConnection(name, pb.start(), timeout);
    }

    private static Path find(String binary, String searchPath) {
        for (String dir : searchPath.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private void pump() {
        try (InputStream in = new BufferedInputStream(process.getInputStream())) {
            PluginStanza s;
            while ((s = PluginStanza.read(in)) != null) {
                incoming.add(s);
            }
            incoming.add(EOF);
        } catch (IOException e) {
            incoming.add(e);
        }
    }

    void send(PluginStanza stanza) throws IOException {
        try {
            stanza.write(stdin);
        } catch (IOException e) {
            try {
                if (process.waitFor(2, TimeUnit.SECONDS)) {
                    throw new IOException("the " + name + " plugin exited unexpectedly");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the " + name + " plugin stopped reading its input");
        }
    }

    /** The plugin's next stanza. */
    PluginStanza receive() throws IOException {
        Object next;
        try {
            next = incoming.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the " + name + " plugin");
        }
        if (next == null) {
            throw new IOException("the " + name + " plugin did not answer within " + timeout.toSeconds() + "s");
        }
        if (next == EOF) {
            throw new IOException("the " + name + " plugin exited unexpectedly");
        }
        if (next instanceof IOException e) {
            throw new IOException("the " + name + " plugin sent malformed output: " + e.getMessage());
        }
        return (PluginStanza) next;
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
