package dev.sops4j.gateway.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The JDK HTTPS server in front of a {@link GatewayService}: TLS 1.2+, bounded bodies, a fixed worker pool. */
public final class GatewayServer implements AutoCloseable {
    static final int MAX_BODY = 64 * 1024;
    private final HttpsServer server;
    private final ExecutorService workers;

    private GatewayServer(HttpsServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    public static GatewayServer start(String host, int port, int threads, SSLContext realTls, GatewayService service)
            throws IOException {
        SSLContext tls = RequestLineGuard.wrap(realTls);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(host, port), 256);
        s.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(ServerTls.PROTOCOLS);
                p.setNeedClientAuth(false);
                params.setSSLParameters(p);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "sops4j-gateway-worker");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(pool);
        s.createContext("/", ex -> handle(ex, service));
        s.start();
        return new GatewayServer(s, pool);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange ex, GatewayService service) throws IOException {
        try (ex) {
            byte[] body = readBody(ex);
            Reply reply;
            if (body == null) {
                reply = new Reply(413, "application/problem+json",
                        ("{\"type\":\"" + Problem.BASE + "too-large\",\"title\":\"Payload too large\",\"status\":413,"
                                + "\"detail\":\"request body over " + MAX_BODY + " bytes\"}").getBytes(), Map.of());
            } else {
                String path = ex.getRequestURI().getRawPath();
                String remote = ex.getRemoteAddress() == null ? "" : ex.getRemoteAddress().getAddress().getHostAddress();
                reply = service.handle(new Incoming(ex.getRequestMethod(), path,
                        ex.getRequestHeaders().getFirst("Authorization"), body, remote));
            }
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    /** The body, or null when it exceeds {@link #MAX_BODY}. */
    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? null : b;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
