package dev.sops4j.nexus.gateway;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.nexus.NexusKeyService;
import dev.sops4j.nexus.client.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The Nexus key mode for CI: instead of reaching Nexus over SPIFFE, wrap and unwrap data keys through the sops4j
 * gateway with the job's OIDC token. The file format is the same {@code nexus:} entry, so one file decrypts
 * in-cluster over SPIFFE and in CI through the gateway.
 *
 * <p>Configured by {@code SOPS4J_GATEWAY_URL}, optionally {@code SOPS4J_GATEWAY_AUDIENCE} (default: the URL) and
 * {@code SOPS4J_GATEWAY_CA_FILE} (PEM roots for a private CA, trusted in addition to the JDK's); the token per
 * {@link OidcTokenSource}.
 */
public final class GatewayKeyClient implements NexusKeyService {
    public static final String ENV_URL = "SOPS4J_GATEWAY_URL";
    public static final String ENV_AUDIENCE = "SOPS4J_GATEWAY_AUDIENCE";
    public static final String ENV_CA_FILE = "SOPS4J_GATEWAY_CA_FILE";
    static final int ATTEMPTS = 4;

    private final URI base;
    private final OidcTokenSource tokens;
    private final HttpClient http;
    private final Sleeper sleeper;

    /** How to wait between retries (a seam so tests need not sleep). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public GatewayKeyClient(URI base, OidcTokenSource tokens, HttpClient http, Sleeper sleeper) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.tokens = tokens;
        this.http = http;
        this.sleeper = sleeper;
    }

    /** True when {@code SOPS4J_GATEWAY_URL} is set: Nexus-mode keys then go through the gateway. */
    public static boolean configured(Environment env) {
        return env.get(ENV_URL).filter(s -> !s.isBlank()).isPresent();
    }

    /**
     * A client configured from {@code env}; only call when {@link #configured} is true.
     *
     * @throws KeySourceException when the URL is not https, the CA file is unreadable, or there is no token
     */
    public static GatewayKeyClient fromEnvironment(Environment env) {
        String url = env.get(ENV_URL).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new KeySourceException(ENV_URL + " is not set"));
        URI base;
        try {
            base = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new KeySourceException(ENV_URL + " is not a valid URL: " + url);
        }
        if (!"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new KeySourceException(ENV_URL + " must be an https URL with a host, not " + url);
        }
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        env.get(ENV_CA_FILE).filter(s -> !s.isBlank())
                .ifPresent(f -> hb.sslContext(trusting(env.workingDirectory().resolve(f.strip()))));
        HttpClient http = hb.build();
        String audience = env.get(ENV_AUDIENCE).map(String::strip).filter(s -> !s.isEmpty()).orElse(url);
        return new GatewayKeyClient(base, OidcTokenSource.fromEnvironment(env, audience, http), http,
                d -> Thread.sleep(d.toMillis()));
    }

    @Override
    public byte[] wrap(String name, SecretBytes dataKey) {
        byte[] plain = dataKey.copy();
        String b64 = Base64.getEncoder().encodeToString(plain);
        Arrays.fill(plain, (byte) 0);
        String enc = field(call("/v1/wrap", request(name, "dataKey", b64), "wrap", name),
                "enc", name);
        try {
            return Base64.getDecoder().decode(enc);
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("gateway answered with a malformed wrapped key for " + name);
        }
    }

    @Override
    public SecretBytes unwrap(String name, byte[] wrapped) {
        String body = request(name, "enc", Base64.getEncoder().encodeToString(wrapped));
        String dk = field(call("/v1/unwrap", body, "unwrap", name), "dataKey", name);
        try {
            return SecretBytes.wrap(Base64.getDecoder().decode(dk));
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("gateway answered with a malformed data key for " + name);
        }
    }

    @Override
    public void close() {
        // HttpClient on Java 17 has no close; nothing else is held.
    }

    /** POSTs with a fresh token per attempt; retries 429 and 503 honouring Retry-After (capped), nothing else. */
    private Map<String, Object> call(String path, String body, String action, String name) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.token())
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            HttpResponse<String> r;
            try {
                r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new KeySourceException("cannot reach the sops4j gateway at " + base + ": " + why(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeySourceException("interrupted while calling the sops4j gateway", e);
            }
            int s = r.statusCode();
            if (s == 200) {
                try {
                    return Json.parseObject(r.body());
                } catch (IllegalArgumentException e) {
                    throw new KeySourceException("gateway answered " + action + " of nexus key " + name
                            + " with malformed JSON");
                }
            }
            if ((s == 429 || s == 503) && attempt < ATTEMPTS) {
                pause(r, attempt);
                continue;
            }
            String detail = detail(r.body());
            String prefix = "gateway " + action + " of nexus key " + name + " failed (HTTP " + s + ")";
            throw new KeySourceException(switch (s) {
                case 401 -> prefix + ": the CI token was rejected: " + detail;
                case 403 -> prefix + ": the gateway policy does not allow this job to " + action + " this key";
                default -> prefix + ": " + detail;
            });
        }
    }

    private void pause(HttpResponse<String> r, int attempt) {
        long secs = r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(1L << (attempt - 1));
        try {
            sleeper.sleep(Duration.ofSeconds(Math.max(1, Math.min(secs, 10))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted while waiting to retry the sops4j gateway", e);
        }
    }

    /** {@code {"key": name, field: value}} in that order, so the request body is stable. */
    private static String request(String name, String field, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", name);
        m.put(field, value);
        return Json.write(m);
    }

    private static String why(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = (e instanceof javax.net.ssl.SSLException ? "TLS handshake failed: " : "")
                + m.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static String detail(String body) {
        try {
            Object d = Json.parseObject(body).get("detail");
            String s = d == null ? "no detail" : d.toString().replaceAll("\\s+", " ");
            return s.length() > 200 ? s.substring(0, 200) : s;
        } catch (IllegalArgumentException e) {
            return "no detail";
        }
    }

    private static String field(Map<String, Object> m, String f, String name) {
        Object v = m.get(f);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new KeySourceException("gateway answer for nexus key " + name + " has no " + f);
        }
        return s;
    }

    /** Trusts the JDK's default roots plus the PEM file's, for this client only (never JVM-wide). */
    private static SSLContext trusting(Path pem) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(pem));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new KeySourceException(ENV_CA_FILE + ": cannot build a trust store with " + pem, e);
        }
    }

    static KeyStore trustStore(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : defaultRoots()) {
                ks.setCertificateEntry("jdk" + i++, c);
            }
            int added = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + added++, c);
            }
            if (added == 0) {
                throw new KeySourceException(ENV_CA_FILE + ": no PEM certificates in " + pem);
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeySourceException(ENV_CA_FILE + ": cannot load CA certificates from " + pem, e);
        }
    }

    private static X509Certificate[] defaultRoots() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
