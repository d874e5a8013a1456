package dev.sops4j.keys.hckms;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.HckmsKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.KeyTimes;
import dev.sops4j.core.keys.Lazy;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * HuaweiCloud KMS keys, the {@code hckms} entries of sops metadata ({@code key_id = <region>:<key uuid>}): the
 * data key is sent base64-encoded to {@code POST /v1.0/<project>/kms/encrypt-data} with
 * {@code SYMMETRIC_DEFAULT}; {@code enc} is the {@code cipher_text} returned. Requests are signed with AK/SK
 * ({@link AkSkSigner}); credentials come from the given {@link Environment} ({@link HckmsSettings}).
 */
public final class HckmsKeySource implements KeySource<HckmsKeyRef> {
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Environment env;
    private final Clock clock;
    private final Lazy<HttpClient> http = Lazy.of(new NewHttpClient());

    public HckmsKeySource(Environment env) {
        this(env, Clock.systemUTC());
    }

    public HckmsKeySource(Environment env, Clock clock) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Class<HckmsKeyRef> refType() {
        return HckmsKeyRef.class;
    }

    @Override
    public HckmsKeyRef wrap(HckmsKeyRef ref, SecretBytes secret) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("key_id", ref.keyUuid());
        body.put("plain_text", secret.encode(Base64.getEncoder()));
        body.put("encryption_algorithm", "SYMMETRIC_DEFAULT");
        String ct = call("encrypt", ref, "encrypt-data", body, "cipher_text");
        return ref.created(KeyTimes.createdNow(clock)).withEnc(ct);
    }

    @Override
    public SecretBytes unwrap(HckmsKeyRef ref) {
        if (ref.enc().isEmpty()) {
            throw new KeySourceException(prefix("decrypt", ref) + "no encrypted data key in the file");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("cipher_text", ref.enc());
        body.put("encryption_algorithm", "SYMMETRIC_DEFAULT");
        body.put("key_id", ref.keyUuid());
        String b64 = call("decrypt", ref, "decrypt-data", body, "plain_text");
        try {
            return SecretBytes.wrap(Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("decrypt", ref) + "HuaweiCloud KMS returned a plaintext that is not base64");
        }
    }

    private String call(String op, HckmsKeyRef ref, String action, Map<String, String> json, String answer) {
        if (ref.region().isEmpty() || ref.keyUuid().isEmpty()) {
            throw new KeySourceException(prefix(op, ref) + "invalid key ID format: expected 'region:key-uuid'");
        }
        HckmsSettings s = HckmsSettings.from(env);
        if (s.accessKey().isEmpty() || s.secretKey().isEmpty()) {
            throw new KeySourceException(prefix(op, ref)
                    + "no HuaweiCloud credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
        }
        if (s.projectId().isEmpty()) {
            throw new KeySourceException(prefix(op, ref) + "set HUAWEICLOUD_SDK_PROJECT_ID to the project of region "
                    + ref.region());
        }
        String base = s.endpointFor(ref.region());
        URI uri = URI.create(base + "/v1.0/" + s.projectId().get() + "/kms/" + action);
        byte[] body = JsonMaps.write(json);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        headers.put("X-Project-Id", s.projectId().get());
        String date = SDK_DATE.format(clock.instant());
        headers.put("X-Sdk-Date", date);
        s.securityToken().ifPresent(t -> headers.put("X-Security-Token", t));
        String auth = AkSkSigner.authorization(s.accessKey().get(), s.secretKey().get(), "POST", uri, headers, body,
                date);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Authorization", auth);
        headers.forEach((k, v) -> {
            if (!k.equals("Host")) {
                b.header(k, v);
            }
        });
        HttpResponse<byte[]> r;
        try {
            r = http.get().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new KeySourceException(prefix(op, ref) + "cannot reach HuaweiCloud KMS at " + base
                    + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw new KeySourceException(prefix(op, ref) + "HuaweiCloud KMS at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new KeySourceException(prefix(op, ref) + "cannot reach HuaweiCloud KMS at " + base + ": "
                    + oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException(prefix(op, ref) + "interrupted");
        }
        Map<String, Object> answerBody;
        try {
            answerBody = JsonMaps.parse(r.body());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix(op, ref) + "HuaweiCloud KMS answered HTTP " + r.statusCode()
                    + " with a body that is not JSON");
        }
        if (r.statusCode() / 100 != 2) {
            String code = JsonMaps.string(answerBody, "error", "error_code")
                    .or(() -> JsonMaps.string(answerBody, "error_code")).orElse("HTTP " + r.statusCode());
            String msg = JsonMaps.string(answerBody, "error", "error_msg")
                    .or(() -> JsonMaps.string(answerBody, "error_msg")).orElse("no error message");
            throw new KeySourceException(prefix(op, ref) + code + " (HTTP " + r.statusCode() + "): " + oneLine(msg));
        }
        return JsonMaps.string(answerBody, answer).orElseThrow(() -> new KeySourceException(prefix(op, ref)
                + "HuaweiCloud KMS returned no " + answer));
    }

    private static String prefix(String op, HckmsKeyRef ref) {
        return "failed to " + op + " data key with HuaweiCloud KMS key " + oneLine(ref.describe()) + ": ";
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /**
     * Builds the HTTP client on first use. A class rather than a lambda: linking a lambda whose body returns an
     * {@code HttpClient} loads that class when the key source is constructed, which is for every command, and a
     * file without HuaweiCloud keys must not load the JDK's HTTP client at all.
     */
    private static final class NewHttpClient implements java.util.function.Supplier<HttpClient> {
        @Override
        public HttpClient get() {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
    }
}
