package dev.sops4j.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Audit lines as JSON, one per line, flushed each time so a crash loses at most the line being written. */
public final class JsonLinesSink implements AuditSink, AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final OutputStream out;

    public JsonLinesSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(Map<String, Object> line) {
        byte[] bytes;
        try {
            bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit line not serialisable", e);
        }
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write audit log", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
