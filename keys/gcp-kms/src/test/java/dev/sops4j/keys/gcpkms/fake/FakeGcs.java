package dev.sops4j.keys.gcpkms.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback stand-in for a Google Cloud Storage emulator (what {@code STORAGE_EMULATOR_HOST} points Google's clients
 * at): the JSON API media upload {@code POST /upload/storage/v1/b/<bucket>/o?uploadType=media&name=<object>},
 * answering with the object resource, 404 with Google's error envelope for unknown buckets.
 */
public final class FakeGcs implements AutoCloseable {
    private final HttpServer server;
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    private FakeGcs() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeGcs start() throws IOException {
        return new FakeGcs();
    }

    /** {@code 127.0.0.1:<port>}: the value for {@code STORAGE_EMULATOR_HOST}. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeGcs bucket(String name) {
        buckets.add(name);
        return this;
    }

    public Optional<byte[]> object(String bucket, String name) {
        return Optional.ofNullable(objects.get(bucket + "/" + name));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> q = new HashMap<>();
            String raw = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String prefix = "/upload/storage/v1/b/";
            if (!ex.getRequestMethod().equals("POST") || !path.startsWith(prefix) || !path.endsWith("/o")
                    || !"media".equals(q.get("uploadType")) || !q.containsKey("name")) {
                reply(ex, 400, "{\"error\":{\"code\":400,\"message\":\"Invalid upload request\"}}");
                return;
            }
            String bucket = URLDecoder.decode(path.substring(prefix.length(), path.length() - 2), StandardCharsets.UTF_8);
            if (!buckets.contains(bucket)) {
                reply(ex, 404, "{\"error\":{\"code\":404,\"message\":\"The specified bucket does not exist.\","
                        + "\"errors\":[{\"message\":\"The specified bucket does not exist.\",\"domain\":\"global\","
                        + "\"reason\":\"notFound\"}]}}");
                return;
            }
            objects.put(bucket + "/" + q.get("name"), body);
            reply(ex, 200, "{\"kind\":\"storage#object\",\"name\":\"" + q.get("name") + "\",\"bucket\":\"" + bucket
                    + "\",\"size\":\"" + body.length + "\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
