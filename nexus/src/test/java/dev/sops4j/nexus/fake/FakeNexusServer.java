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
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;

/**
 * Stands for SPIKE Nexus in tests: its REST wire format (POST only, routes chosen by path plus {@code ?action=},
 * the JSON shapes and exact error bodies), mutual TLS that requires a client SVID from the trust domain, the caller's
 * SPIFFE ID taken from the peer certificate's URI SAN, its versioned store ({@link FakeSecretStore}) and its policy
 * semantics ({@link FakePolicies}). Written from SPIKE's documented behaviour and checked against SPIKE Nexus 0.8.2
 * (the same wire contract runs against both: {@code NexusWireContract}); it is not SPIKE. Its answers are exact
 * ({@link FakeAnswers}), including what the real server does that SPIKE's docs do not say: policy get and delete of a
 * missing name answer 500, a put without values stores an empty version, version -1 and missing versions answer 404,
 * undeleting a live version answers 404, and while not ready ({@link #notReady}) every POST answers 503.
 *
 * <p>Where it still differs from the real server: it speaks HTTP/1.1 only (Nexus negotiates HTTP/2; sops4j's
 * client asks for HTTP/1.1 either way), it restricts TLS to 1.3 with AES-GCM but lets the JDK pick the key-exchange
 * group (FIPS Nexus offers P-256/P-384 only), and it does not serve the cipher routes ({@code /v1/cipher/*}: sops4j
 * does not use them; the real Nexus answers them, JSON or {@code application/octet-stream}). Tests needing those use
 * {@code RealNexus}.
 *
 * <p>Fault injection: {@link #failNext(int, int)} answers the next requests with an error status, and
 * {@link #requests(String, String)} counts calls per route.
 */
public final class FakeNexusServer implements AutoCloseable {
    /** TLS 1.3 AES-GCM suites only, as SPIKE Nexus in FIPS mode. */
    private static final String[] FIPS_SUITES = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"};
    private static final Pattern PEER_ID = Pattern.compile("^spiffe://[a-zA-Z0-9.-]+(/[a-zA-Z0-9._-]+)*$");
    private static final Pattern PATH = Pattern.compile("^[a-zA-Z0-9._\\-/()?+*|\\[\\]{}\\\\]+$");
    /** The routes served; others get SPIKE's fallback (400). The cipher routes are not served (see above). */
    private static final Set<String> ROUTES = Set.of("/v1/store/secrets?",
            "/v1/store/secrets?get", "/v1/store/secrets/metadata?get", "/v1/store/secrets?delete",
            "/v1/store/secrets?undelete", "/v1/store/secrets?list", "/v1/acl/policy?", "/v1/acl/policy?get",
            "/v1/acl/policy?delete", "/v1/acl/policy?list");
    private static final Pattern VALUE_KEY = Pattern.compile("^[a-zA-Z0-9-_ ]+$");

    private final HttpsServer server;
    private final ExecutorService executor;
    private final FakeSecretStore store;
    private final FakePolicies policies;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile String failureRoute;
    private volatile boolean ready = true;
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
                    p.setNeedClientAuth(true); // no client certificate: refused in the handshake, never an HTTP 401
                    p.setProtocols(new String[] {"TLSv1.3"});
                    p.setCipherSuites(FIPS_SUITES);
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
        failNext(count, status, null);
    }

    /**
     * The next {@code count} requests of one route ({@code "/v1/store/secrets?get"}; null = any route) get
     * {@code status} with SPIKE's body for it; other routes are served normally.
     */
    public void failNext(int count, int status, String route) {
        failureStatus = status;
        failureRoute = route;
        failures.set(count);
    }

    /**
     * Not ready (root key not recovered from Keepers yet) or ready again: while not ready every POST answers 503
     * {@code {"err":"state_not_ready"}} whatever its path and body; other methods still answer 400.
     */
    public void notReady(boolean notReady) {
        ready = !notReady;
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
            String route = path + "?" + action;
            counts.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String only = failureRoute;
            if ((only == null || only.equals(route)) && failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                respond(ex, failureStatus == 503 ? FakeAnswers.bare(503) : FakeAnswers.error(route, failureStatus));
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                respond(ex, FakeAnswers.bare(400));
                return;
            }
            if (!ready) {
                respond(ex, FakeAnswers.bare(503));
                return;
            }
            if (!ROUTES.contains(route)) {
                respond(ex, FakeAnswers.bare(400));
                return;
            }
            Map<String, Object> req;
            try {
                req = Json.parseObject(body);
            } catch (IllegalArgumentException e) {
                respond(ex, FakeAnswers.error(route, 400));
                return;
            }
            String peer = peerId(ex);
            respond(ex, peer == null ? FakeAnswers.error(route, 401) : route(route, req, peer));
        }
    }

    private FakeAnswers route(String route, Map<String, Object> req, String peer) {
        IntFunction<FakeAnswers> error = status -> FakeAnswers.error(route, status);
        return switch (route) {
            case "/v1/store/secrets?" -> secret(req, peer, "write", error, p -> {
                Object values = req.getOrDefault("values", Map.of());
                if (!(values instanceof Map<?, ?> m) || !validValues(m)) {
                    return error.apply(400);
                }
                Runnable hook = beforePut.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
                store.put(p, stringMap(m));
                return FakeAnswers.ok(Map.of());
            });
            case "/v1/store/secrets?get" -> secret(req, peer, "read", error, p -> store.get(p, intField(req, "version"))
                    .map(d -> FakeAnswers.ok(Map.of("data", d))).orElse(error.apply(404)));
            case "/v1/store/secrets/metadata?get" -> secret(req, peer, "read", error, p -> store.metadata(p)
                    .map(FakeAnswers::ok).orElse(error.apply(404)));
            case "/v1/store/secrets?delete" -> secret(req, peer, "write", error,
                    p -> store.delete(p, intList(req)) ? FakeAnswers.ok(Map.of()) : error.apply(404));
            case "/v1/store/secrets?undelete" -> secret(req, peer, "write", error,
                    p -> store.undelete(p, intList(req)) ? FakeAnswers.ok(Map.of()) : error.apply(404));
            case "/v1/store/secrets?list" -> !policies.allows(peer, "spike/system/secret", "list", false)
                    ? error.apply(401) : FakeAnswers.ok(Map.of("keys", store.list()));
            case "/v1/acl/policy?" -> acl(peer, "write", error, () -> switch (policies.put(str(req, "name"),
                    str(req, "spiffeidPattern"), str(req, "pathPattern"), strList(req.get("permissions")))) {
                case OK -> FakeAnswers.ok(Map.of());
                case BAD_REQUEST -> error.apply(400);
                case INTERNAL_ERROR -> error.apply(500);
            });
            // SPIKE answers a missing policy name with 500 api_internal_error, not 404
            case "/v1/acl/policy?get" -> acl(peer, "read", error, () -> policies.get(str(req, "id"))
                    .map(FakeAnswers::ok).orElse(error.apply(500)));
            case "/v1/acl/policy?delete" -> acl(peer, "write", error, () -> policies.delete(str(req, "id"))
                    ? FakeAnswers.ok(Map.of()) : error.apply(500));
            case "/v1/acl/policy?list" -> acl(peer, "list", error, () -> FakeAnswers.ok(
                    policies.list(str(req, "spiffeidPattern"), str(req, "pathPattern"))));
            default -> FakeAnswers.bare(400);
        };
    }

    /** Paths are used exactly as given: {@code /a/b} and {@code a/b} are two secrets. */
    private FakeAnswers secret(Map<String, Object> req, String peer, String wants,
                               IntFunction<FakeAnswers> error,
                               Function<String, FakeAnswers> op) {
        String path = str(req, "path");
        if (!policies.allows(peer, path == null ? "" : path, wants, false)) {
            return error.apply(401);
        }
        if (path == null || path.isEmpty() || path.length() > 500 || !PATH.matcher(path).matches()) {
            return error.apply(400);
        }
        return op.apply(path);
    }

    private FakeAnswers acl(String peer, String wants, IntFunction<FakeAnswers> error,
                            Supplier<FakeAnswers> op) {
        return policies.allows(peer, "spike/system/acl", wants, false) ? op.get() : error.apply(401);
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

    private static void respond(HttpExchange ex, FakeAnswers answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        h.set("Content-Type", "application/json");
        h.set("Cache-Control", "no-store, no-cache, must-revalidate, private");
        h.set("Pragma", "no-cache");
        h.set("Expires", "0");
        ex.sendResponseHeaders(answer.status(), bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
