package dev.sops4j.kms.fake;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 for the fake AWS endpoints: keep-alive, Content-Length bodies, and each
 * response sent in a single write with TCP_NODELAY. (The JDK's HttpServer writes headers and body separately
 * with Nagle on, which costs ~40 ms per request through delayed ACKs and would swamp latency measurements.)
 */
final class LoopbackHttp implements AutoCloseable {
    /** A parsed request; header names are lower-cased, repeated headers keep every value. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** A response to send. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    interface Handler {
        Response handle(Request request) throws IOException;
    }

    private final ServerSocket socket;
    private final ExecutorService pool;
    private final Handler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    LoopbackHttp(String name, Handler handler) throws IOException {
        this.handler = handler;
        this.socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::acceptLoop);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        pool.shutdownNow();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                Request req = read(in);
                if (req == null) {
                    return;
                }
                Response resp;
                try {
                    resp = handler.handle(req);
                } catch (RuntimeException e) {
                    resp = new Response(500, Map.of("Content-Type", "text/plain"),
                            String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                }
                out.write(encode(resp));
                out.flush();
                if ("close".equalsIgnoreCase(req.header("connection"))) {
                    return;
                }
            }
        } catch (SocketException e) {
            // client went away or server closing
        } catch (IOException e) {
            // malformed request: drop the connection as a real front end would
        } finally {
            open.remove(s);
        }
    }

    private static Request read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length != 3) {
            throw new IOException("bad request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
        }
        List<String> length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.get(0)));
        String target = parts[1];
        int q = target.indexOf('?');
        return new Request(parts[0], q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] encode(Response r) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ')
                .append(switch (r.status()) {
                    case 200 -> "OK";
                    case 400 -> "Bad Request";
                    case 403 -> "Forbidden";
                    default -> "Error";
                })
                .append("\r\n");
        r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(r.body().length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + r.body().length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(r.body(), 0, all, h.length, r.body().length);
        return all;
    }
}
