package dev.sops4j.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Audit lines appended to a file. {@link #reopen} (wired to SIGHUP) closes and reopens the path, so logrotate can
 * move the file away and signal the gateway, as with most daemons. A file that cannot be opened or written makes
 * {@link #write} throw, which the fail-closed audit turns into a 503.
 */
public final class FileAuditSink implements AuditSink, AutoCloseable {
    private final Path path;
    private JsonLinesSink current;

    public FileAuditSink(Path path) {
        this.path = path;
        this.current = open();
    }

    @Override
    public void write(Map<String, Object> line) {
        JsonLinesSink s;
        synchronized (this) {
            if (current == null) {
                current = open();
            }
            s = current;
        }
        if (s == null) {
            throw new UncheckedIOException(new IOException("audit file " + path + " is not open"));
        }
        s.write(line);
    }

    /** Closes the file and opens {@code path} again (after log rotation). */
    public synchronized void reopen() {
        closeQuietly();
        current = open();
    }

    private JsonLinesSink open() {
        try {
            return new JsonLinesSink(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            return null;
        }
    }

    private void closeQuietly() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // rotating: the old file is gone or closed anyway
            }
            current = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
