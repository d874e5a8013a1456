package dev.sops4j.nexus.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.sops4j.nexus.client.Json;
import io.spiffe.provider.SpiffeKeyManager;
import io.spiffe.provider.SpiffeTrustManager;
import io.spiffe.workloadapi.X509Source;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;

/**
 * Stands for SPIKE Nexus in tests: its REST wire format (POST only, routes chosen by path plus {@code ?action=},
 * the JSON shapes and exact error bodies), mutual TLS that requires a client SVID from the trust domain, the caller's
 * SPIFFE ID taken from the peer certificate's URI SAN, its versioned store ({@link FakeSecretStore}) and its policy
 * semantics ({@link FakePolicies}). Written from SPIKE's documented behaviour; it is not SPIKE.
 *
 * <p>Fault injection: {@link #failNext(int, int)} answers the next requests with an error status, and
 * {@link #requests(String, String)} counts calls per route.
 */
public final class FakeNexusServer implements AutoCloseable {
    static final String BAD_REQUEST = "{\"err\":\"api_bad_request\"}";
    static final String UNAUTHORIZED = "{\"err\":\"access_unauthorized\"}";
    static final String NOT_FOUND = "{\"err\":\"api_not_found\"}";
    static final String INTERNAL = "{\"err\":\"api_internal_error\"}";
    static final String NOT_READY = "{\"err\":\"state_not_ready\"}";
    private static final Pattern PEER_ID = Pattern.compile("^spiffe://[a-zA-Z0-9.-]+(/[a-zA-Z0-9._-]+)*$");
    private static final Pattern PATH = Pattern.compile("^[a-zA-Z0-9._\\-/()?+*|\\[\\]{}\\\\]+$");
    private static final Pattern VALUE_KEY = Pattern.compile("^[a-zA-Z0-9-_ ]+$");

    private final HttpsServer server;
    private final ExecutorService executor;
    private final FakeSecretStore store;
    private final FakePolicies policies;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforePut =
            new java.util.concurrent.atomic.AtomicReference<>();

    private FakeNexusServer(HttpsServer server, ExecutorService executor, String trustRoot, int maxVersions) {
        this.server = server;
        this.executor = executor;
        this.store = new FakeSecretStore(maxVersions);
        this.policies = new FakePolicies(trustRoot);
    }

    /** Starts on 127.0.0.1 with an ephemeral port, presenting {@code serverSvid}. */
    public static FakeNexusServer start(TestPki.Svid serverSvid) {
        return start(serverSvid, 10);
    }

    public static FakeNexusServer start(TestPki.Svid serverSvid, int maxVersions) {
        try {
            X509Source source = serverSvid.source();
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            // Any SVID from the trust domain may connect, as with go-spiffe's AuthorizeAny; authorization is per route.
            ctx.init(new KeyManager[] {new SpiffeKeyManager(source)},
                    new TrustManager[] {new SpiffeTrustManager(source)}, null);
            HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
                @Override
                public void configure(HttpsParameters params) {
                    var p = getSSLContext().getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            ExecutorService ex = Executors.newFixedThreadPool(4);
            s.setExecutor(ex);
            String root = io.spiffe.spiffeid.SpiffeId.parse(serverSvid.spiffeId()).getTrustDomain().getName();
            FakeNexusServer f = new FakeNexusServer(s, ex, root, maxVersions);
            s.createContext("/", f::handle);
            s.start();
            return f;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake Nexus", e);
        }
    }

    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Grants {@code permissions} on paths matching {@code pathPattern} to IDs matching {@code idPattern}. */
    public void allow(String name, String idPattern, String pathPattern, String... permissions) {
        if (policies.put(name, idPattern, pathPattern, List.of(permissions)) != FakePolicies.PutResult.OK) {
            throw new IllegalArgumentException("policy rejected: " + name);
        }
    }

    FakeSecretStore store() {
        return store;
    }

    FakePolicies policies() {
        return policies;
    }

    /** Writes a secret version directly, as another Nexus client would. */
    public void putDirect(String path, Map<String, String> values) {
        store.put(path, values);
    }

    public Optional<Map<String, String>> getDirect(String path, int version) {
        return store.get(path, version);
    }

    public void useLegacyPolicyListShape(boolean legacy) {
        policies.useLegacyListShape(legacy);
    }

    /** The next {@code count} requests get {@code status} with SPIKE's body for it. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    /** Runs {@code action} once, just before the next secret put is applied: a concurrent writer's window. */
    public void beforeNextPut(Runnable action) {
        beforePut.set(action);
    }

    /** Requests seen for a route, e.g. {@code ("/v1/store/secrets", "get")}. */
    public int requests(String path, String action) {
        AtomicInteger c = counts.get(path + "?" + action);
        return c == null ? 0 : c.get();
    }

    public int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- request handling ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String action = Optional.ofNullable(queryAction(ex.getRequestURI())).orElse("");
            String path = ex.getRequestURI().getPath();
            counts.computeIfAbsent(path + "?" + action, k -> new AtomicInteger()).incrementAndGet();
            String body = new String(readAll(ex.getRequestBody()), StandardCharsets.UTF_8);
            if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                respond(ex, failureStatus, bodyFor(failureStatus));
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                respond(ex, 400, BAD_REQUEST);
                return;
            }
            Map<String, Object> req;
            try {
                req = Json.parseObject(body);
            } catch (IllegalArgumentException e) {
                respond(ex, 400, BAD_REQUEST);
                return;
            }
            String peer = peerId(ex);
            Answer a = peer == null ? new Answer(401, UNAUTHORIZED) : route(path, action, req, peer);
            respond(ex, a.status(), a.body());
        }
    }

    record Answer(int status, String body) {
        static Answer ok(Object json) {
            return new Answer(200, Json.write(json));
        }
    }

    private Answer route(String path, String action, Map<String, Object> req, String peer) {
        return switch (path + "?" + action) {
            case "/v1/store/secrets?" -> secret(req, peer, "write", p -> {
                Object values = req.get("values");
                if (!(values instanceof Map<?, ?> m) || m.isEmpty() || !validValues(m)) {
                    return new Answer(400, BAD_REQUEST);
                }
                Runnable hook = beforePut.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
                store.put(p, stringMap(m));
                return Answer.ok(Map.of());
            });
            case "/v1/store/secrets?get" -> secret(req, peer, "read", p -> store.get(p, intField(req, "version"))
                    .map(d -> Answer.ok(Map.of("data", d))).orElse(new Answer(404, NOT_FOUND)));
            case "/v1/store/secrets/metadata?get" -> secret(req, peer, "read", p -> store.metadata(p)
                    .map(Answer::ok).orElse(new Answer(404, NOT_FOUND)));
            case "/v1/store/secrets?delete" -> secret(req, peer, "write",
                    p -> store.delete(p, intList(req)) ? Answer.ok(Map.of()) : new Answer(404, NOT_FOUND));
            case "/v1/store/secrets?undelete" -> secret(req, peer, "write",
                    p -> store.undelete(p, intList(req)) ? Answer.ok(Map.of()) : new Answer(404, NOT_FOUND));
            case "/v1/store/secrets?list" -> !policies.allows(peer, "spike/system/secret", "list", false)
                    ? new Answer(401, UNAUTHORIZED) : Answer.ok(Map.of("keys", store.list()));
            case "/v1/acl/policy?" -> acl(peer, "write", () -> switch (policies.put(str(req, "name"),
                    str(req, "spiffeidPattern"), str(req, "pathPattern"), strList(req.get("permissions")))) {
                case OK -> Answer.ok(Map.of());
                case BAD_REQUEST -> new Answer(400, BAD_REQUEST);
                case INTERNAL_ERROR -> new Answer(500, INTERNAL);
            });
            case "/v1/acl/policy?get" -> acl(peer, "read", () -> policies.get(str(req, "id")).map(Answer::ok)
                    .orElse(new Answer(404, NOT_FOUND)));
            case "/v1/acl/policy?delete" -> acl(peer, "write", () -> policies.delete(str(req, "id"))
                    ? Answer.ok(Map.of()) : new Answer(404, NOT_FOUND));
            case "/v1/acl/policy?list" -> acl(peer, "list", () -> Answer.ok(policies.list()));
            default -> new Answer(400, BAD_REQUEST);
        };
    }

    private Answer secret(Map<String, Object> req, String peer, String wants,
                          java.util.function.Function<String, Answer> op) {
        String path = str(req, "path");
        if (!policies.allows(peer, path == null ? "" : path, wants, false)) {
            return new Answer(401, UNAUTHORIZED);
        }
        if (path == null || path.isEmpty() || path.length() > 500 || !PATH.matcher(path).matches()) {
            return new Answer(400, BAD_REQUEST);
        }
        return op.apply(path);
    }

    private Answer acl(String peer, String wants, java.util.function.Supplier<Answer> op) {
        return policies.allows(peer, "spike/system/acl", wants, false) ? op.get() : new Answer(401, UNAUTHORIZED);
    }

    private static boolean validValues(Map<?, ?> m) {
        return m.keySet().stream().allMatch(k -> k instanceof String s && s.length() <= 250
                && VALUE_KEY.matcher(s).matches());
    }

    private static Map<String, String> stringMap(Map<?, ?> m) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toString(), v == null ? "" : v.toString()));
        return out;
    }

    private static String str(Map<String, Object> req, String key) {
        return req.get(key) instanceof String s ? s : null;
    }

    private static int intField(Map<String, Object> req, String key) {
        return req.get(key) instanceof Number n ? n.intValue() : 0;
    }

    private static List<Integer> intList(Map<String, Object> req) {
        return req.get("versions") instanceof List<?> l
                ? l.stream().map(o -> ((Number) o).intValue()).toList() : List.of();
    }

    private static List<String> strList(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : null;
    }

    private static String peerId(HttpExchange ex) {
        try {
            var certs = ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
            var sans = ((X509Certificate) certs[0]).getSubjectAlternativeNames();
            if (sans == null) {
                return null;
            }
            List<String> uris = sans.stream().filter(s -> (Integer) s.get(0) == 6).map(s -> (String) s.get(1))
                    .toList();
            return uris.size() == 1 && PEER_ID.matcher(uris.get(0)).matches() ? uris.get(0) : null;
        } catch (SSLPeerUnverifiedException | java.security.cert.CertificateParsingException e) {
            return null;
        }
    }

    private static String queryAction(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            if (part.startsWith("action=")) {
                return part.substring("action=".length());
            }
        }
        return null;
    }

    private static String bodyFor(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 503 -> NOT_READY;
            default -> INTERNAL;
        };
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        h.set("Content-Type", "application/json");
        h.set("Cache-Control", "no-store, no-cache, must-revalidate, private");
        h.set("Pragma", "no-cache");
        h.set("Expires", "0");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
