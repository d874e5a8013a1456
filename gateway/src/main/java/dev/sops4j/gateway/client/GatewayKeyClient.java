package dev.sops4j.gateway.client;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Nexus key mode for CI: instead of reaching Nexus over SPIFFE, wrap and unwrap data keys through the sops4j
 * gateway with the job's OIDC token. The file format is the same {@code nexus:} entry, so one file decrypts
 * in-cluster over SPIFFE and in CI through the gateway.
 *
 * <p>Configured by {@code SOPS4J_GATEWAY_URL}, optionally {@code SOPS4J_GATEWAY_AUDIENCE} (default: the URL) and
 * {@code SOPS4J_GATEWAY_CA_FILE} (PEM roots for a private CA); the token per {@link OidcTokenSource}.
 */
public final class GatewayKeyClient implements KeySource<NexusKeyRef>, AutoCloseable {
    public static final String ENV_URL = "SOPS4J_GATEWAY_URL";
    public static final String ENV_AUDIENCE = "SOPS4J_GATEWAY_AUDIENCE";
    public static final String ENV_CA_FILE = "SOPS4J_GATEWAY_CA_FILE";
    static final int ATTEMPTS = 4;

    private final URI base;
    private final OidcTokenSource tokens;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;

    /** How to wait between retries (a seam so tests need not sleep). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public GatewayKeyClient(URI base, OidcTokenSource tokens, HttpClient http, Clock clock, Sleeper sleeper) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.tokens = tokens;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Empty when {@code SOPS4J_GATEWAY_URL} is not set (use Nexus directly). */
    public static Optional<GatewayKeyClient> fromEnvironment(Environment env) {
        Optional<String> url = env.get(ENV_URL).filter(s -> !s.isBlank());
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI base = URI.create(url.get().strip());
        if (!"https".equals(base.getScheme())) {
            throw new KeySourceException(ENV_URL + " must be an https URL");
        }
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        env.get(ENV_CA_FILE).ifPresent(f -> hb.sslContext(trusting(env.workingDirectory().resolve(f))));
        HttpClient http = hb.build();
        String audience = env.get(ENV_AUDIENCE).orElse(url.get().strip());
        return Optional.of(new GatewayKeyClient(base, OidcTokenSource.fromEnvironment(env, audience, http), http,
                Clock.systemUTC(), d -> Thread.sleep(d.toMillis())));
    }

    @Override
    public Class<NexusKeyRef> refType() {
        return NexusKeyRef.class;
    }

    @Override
    public NexusKeyRef wrap(NexusKeyRef ref, SecretBytes secret) {
        byte[] plain = secret.copy();
        try {
            String body = Json.write(Map.of("key", ref.name(), "dataKey", Base64.getEncoder().encodeToString(plain)));
            String enc = field(call("/v1/wrap", body, "wrap", ref.name()), "enc", ref.name());
            return new NexusKeyRef(ref.name(), Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), enc);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public SecretBytes unwrap(NexusKeyRef ref) {
        if (ref.enc().isEmpty()) {
            throw new KeySourceException("nexus key " + ref.name() + ": no wrapped data key in the file");
        }
        String body = Json.write(Map.of("key", ref.name(), "enc", ref.enc().strip()));
        String dk = field(call("/v1/unwrap", body, "unwrap", ref.name()), "dataKey", ref.name());
        try {
            return SecretBytes.wrap(Base64.getDecoder().decode(dk));
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("gateway answered with a malformed data key for " + ref.name());
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
                throw new KeySourceException("cannot reach the sops4j gateway at " + base + ": "
                        + String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeySourceException("interrupted while calling the sops4j gateway", e);
            }
            int s = r.statusCode();
            if (s == 200) {
                return Json.parseObject(r.body());
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

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeySourceException(ENV_CA_FILE + ": cannot load CA certificates from " + pem, e);
        }
    }
}
