package dev.sops4j.nexus.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted stand-in for the gateway's wire contract over plain HTTP on loopback: each request gets the next queued
 * answer. The real server is tested end to end in the gateway module; this one lets the client's retry and error
 * mapping be checked answer by answer.
 */
final class FakeGateway implements AutoCloseable {
    record Answer(int status, String body, String retryAfter) {
    }

    record Seen(String method, String path, String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    synchronized FakeGateway answer(int status, String body) {
        answers.add(new Answer(status, body, null));
        return this;
    }

    synchronized FakeGateway answer(int status, String body, String retryAfter) {
        answers.add(new Answer(status, body, retryAfter));
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"), body));
        Answer a;
        synchronized (this) {
            a = answers.isEmpty() ? new Answer(500, "{\"detail\":\"no answer scripted\"}", null) : answers.poll();
        }
        byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
        if (a.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", a.retryAfter());
        }
        ex.getResponseHeaders().set("Content-Type", a.status() == 200 ? "application/json" : "application/problem+json");
        ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
