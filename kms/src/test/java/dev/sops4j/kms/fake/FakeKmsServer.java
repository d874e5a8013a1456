package dev.sops4j.kms.fake;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Stands in for AWS KMS (service {@code TrentService}, AWS JSON 1.1 protocol) on a loopback port, for the real SDK
 * client pointed at it through {@code AWS_ENDPOINT_URL_KMS}. Supports Encrypt, Decrypt and GenerateDataKey with
 * encryption contexts; every request must carry a valid SigV4 signature from a {@link FakeAwsAccount} key scoped
 * to the key's region. Ciphertexts are bound to the key and the context like real KMS (AES-GCM inside, see
 * {@link FakeKmsKeys}). Errors use KMS's JSON shape {@code {"__type": ..., "message": ...}} with status 400/500.
 * Switches: added latency, disabled keys, per-key access rules, throttling; requests are counted and recorded.
 */
public final class FakeKmsServer implements AutoCloseable {
    /** One accepted or rejected call as the server saw it. */
    public record Call(String operation, String keyId, String principal, Map<String, String> context,
            String outcome) {
    }

    private final FakeAwsAccount account;
    private final LoopbackHttp http;
    private final FakeKmsKeys keys;
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private final Map<String, Predicate<String>> access = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;

    private FakeKmsServer(FakeAwsAccount account) throws IOException {
        this.account = account;
        this.keys = new FakeKmsKeys(account.accountId());
        this.http = new LoopbackHttp("fake-kms", this::handle);
    }

    public static FakeKmsServer start(FakeAwsAccount account) throws IOException {
        return new FakeKmsServer(account);
    }

    public URI endpoint() {
        return http.endpoint();
    }

    /** A new symmetric key; its key ARN. */
    public String createKey(String region) {
        return keys.create(region);
    }

    /** An alias for {@code keyArn}; the alias ARN. */
    public String createAlias(String keyArn, String aliasName) {
        return keys.alias(keyArn, aliasName);
    }

    public void disable(String keyArn) {
        disabled.add(keyArn);
    }

    /** Only principals (caller ARNs) matching {@code allowed} may use {@code keyArn}; others get AccessDenied. */
    public void restrict(String keyArn, Predicate<String> allowed) {
        access.put(keyArn, allowed);
    }

    /** The next {@code n} requests fail with ThrottlingException before any other check. */
    public void throttleNext(int n) {
        throttleNext.set(n);
    }

    public void latency(Duration d) {
        latency = d;
    }

    /** HTTP requests received, including rejected ones. */
    public int requestCount() {
        return requests.get();
    }

    /**
     * The most requests this server handled at the same time since the last call (shows whether a client works
     * concurrently, and how many requests it allows itself at once).
     */
    public int takeMaxInFlight() {
        return maxInFlight.getAndSet(0);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        http.close();
    }

    private LoopbackHttp.Response handle(LoopbackHttp.Request req) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return answer(req);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private LoopbackHttp.Response answer(LoopbackHttp.Request req) {
        requests.incrementAndGet();
        sleep(latency);
        String target = req.header("x-amz-target");
        String op = target != null && target.startsWith("TrentService.") ? target.substring(13) : "";
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            record(op, "", "", Map.of(), "ThrottlingException");
            return error(400, "ThrottlingException", "Rate exceeded");
        }
        SigV4.Caller caller;
        try {
            caller = SigV4.verify(req, account, "kms");
        } catch (SigV4.Rejected r) {
            String code = switch (r.kind) {
                case MISSING -> "MissingAuthenticationTokenException";
                case MALFORMED -> "IncompleteSignatureException";
                case UNKNOWN_KEY, BAD_TOKEN -> "UnrecognizedClientException";
                case BAD_SIGNATURE -> "InvalidSignatureException";
            };
            record(op, "", "", Map.of(), code);
            return error(400, code, r.getMessage());
        }
        String contentType = req.header("content-type");
        if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
            return error(400, "SerializationException", "expected application/x-amz-json-1.1");
        }
        JsonNode body = JsonNode.parser().parse(req.body());
        FakeKmsOperations.Result result = new FakeKmsOperations(keys, disabled, access).run(op, body, caller);
        record(op, result.keyId(), caller.identity().principal(), result.context(),
                result.errorCode() == null ? "OK" : result.errorCode());
        if (result.errorCode() != null) {
            return error(result.status(), result.errorCode(), result.message());
        }
        return json(200, result.json(), Map.of());
    }

    private void record(String op, String keyId, String principal, Map<String, String> ctx, String outcome) {
        calls.add(new Call(op, keyId, principal, new TreeMap<>(ctx), outcome));
    }

    private static LoopbackHttp.Response error(int status, String type, String message) {
        // Real KMS omits "message" for some errors (InvalidCiphertextException): so do we.
        return json(status, "{\"__type\":" + Json.str(type)
                + (message == null ? "" : ",\"message\":" + Json.str(message)) + "}", Map.of("x-amzn-ErrorType", type));
    }

    private static LoopbackHttp.Response json(int status, String json, Map<String, String> extra) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(extra);
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        return new LoopbackHttp.Response(status, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(Duration d) {
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Minimal JSON string quoting for responses. */
    static final class Json {
        private Json() {
        }

        static String str(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }

        static String b64(byte[] data) {
            return str(Base64.getEncoder().encodeToString(data));
        }
    }
}
