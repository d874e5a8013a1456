package dev.sops4j.nexus.client;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.NexusSettings;
import dev.sops4j.nexus.spiffe.SvidBoundHttpClients;
import dev.sops4j.nexus.spiffe.SpiffeIdentity;
import io.spiffe.workloadapi.X509Source;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A client for SPIKE Nexus's REST API (every call a POST with JSON; the operation picked by path plus
 * {@code ?action=}). Error answers become one-line {@link KeySourceException}s naming the operation and our
 * SPIFFE ID, with a {@link NexusStatus} in the cause for callers that branch on it; 503 {@code state_not_ready}
 * is retried per {@link RetryPolicy}. Thread-safe.
 */
public final class NexusClient implements AutoCloseable {
    private static final Pattern ERR_CODE = Pattern.compile("[a-z_]{1,64}");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final Supplier<HttpClient> http;
    private final Supplier<String> caller;
    private final RetryPolicy retry;
    private final AutoCloseable owned;

    private record Route(String path, String action) {
        URI uri(URI base) {
            return URI.create(base + path + (action.isEmpty() ? "" : "?action=" + action));
        }
    }

    private static final Route PUT = new Route("/v1/store/secrets", "");
    private static final Route GET = new Route("/v1/store/secrets", "get");
    private static final Route DELETE = new Route("/v1/store/secrets", "delete");
    private static final Route UNDELETE = new Route("/v1/store/secrets", "undelete");
    private static final Route LIST = new Route("/v1/store/secrets", "list");
    private static final Route METADATA = new Route("/v1/store/secrets/metadata", "get");
    private static final Route POLICY_PUT = new Route("/v1/acl/policy", "");
    private static final Route POLICY_GET = new Route("/v1/acl/policy", "get");
    private static final Route POLICY_DELETE = new Route("/v1/acl/policy", "delete");
    private static final Route POLICY_LIST = new Route("/v1/acl/policy", "list");

    /**
     * @param base   Nexus base URL, e.g. {@code https://localhost:8553}
     * @param http   HTTP clients whose SSLContext presents our SVID and checks Nexus's ID
     * @param caller our SPIFFE ID, for error messages only
     * @param retry  503 retry policy
     * @param owned  closed with this client (the identity source), or {@code null}
     */
    public NexusClient(URI base, Supplier<HttpClient> http, Supplier<String> caller, RetryPolicy retry, AutoCloseable owned) {
        this.base = base;
        this.http = http;
        this.caller = caller;
        this.retry = retry;
        this.owned = owned;
    }

    /** A client with the identity and server rules from {@code settings}; owns the identity source. */
    public static NexusClient create(NexusSettings settings) {
        return create(settings, SpiffeIdentity.open(settings.spiffeDir(), settings.socket()), true,
                RetryPolicy.standard());
    }

    /** A client presenting {@code source}'s SVID; closes {@code source} on {@link #close()} only if owned. */
    public static NexusClient create(NexusSettings settings, X509Source source, boolean owned, RetryPolicy retry) {
        var http = new SvidBoundHttpClients(source, settings.trustRoots());
        Supplier<String> caller = () -> {
            try {
                return source.getX509Svid().getSpiffeId().toString();
            } catch (RuntimeException e) {
                return "(unknown SPIFFE ID)";
            }
        };
        return new NexusClient(settings.apiUrl(), http, caller, retry, owned ? source : null);
    }

    // ---- secrets ----

    /** Writes a new version of {@code path} (Nexus has no compare-and-set: callers verify afterwards). */
    public void putSecret(String path, Map<String, String> values) {
        call(PUT, Map.of("path", path, "values", values), "write secret " + path);
    }

    /** The values of {@code version} (0 = current); a 404 becomes an exception. */
    public Map<String, String> getSecret(String path, int version) {
        return findSecret(path, version).orElseThrow(() -> fail(NexusStatus.NOT_FOUND, 404, (version == 0
                ? "secret " + path + " does not exist in Nexus (or all its versions are deleted)"
                : "version " + version + " of secret " + path + " does not exist in Nexus (never written, deleted or"
                        + " pruned)") + " (HTTP 404 api_not_found)", null));
    }

    /** Like {@link #getSecret} but empty when Nexus answers 404 (absent, deleted or pruned). */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, String>> findSecret(String path, int version) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("path", path);
        if (version != 0) {
            req.put("version", version);
        }
        return callOptional(GET, req, "read secret " + path + versionText(version)).map(body -> {
            Object data = body.get("data");
            if (!(data instanceof Map)) {
                throw malformed("read secret " + path, "no data");
            }
            Map<String, String> out = new LinkedHashMap<>();
            ((Map<String, Object>) data).forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
            return out;
        });
    }

    /** Version metadata for {@code path}, or empty when Nexus has no such path. */
    public Optional<SecretMetadata> findMetadata(String path) {
        String intent = "read metadata of " + path;
        return callOptional(METADATA, Map.of("path", path), intent).map(body -> {
            try {
                return SecretMetadata.fromJson(body);
            } catch (RuntimeException e) {
                throw malformed(intent, e.getMessage());
            }
        });
    }

    /** Soft-deletes versions (an empty list = the current one); deleting a deleted or absent version is a no-op. */
    public void deleteVersions(String path, List<Integer> versions) {
        call(DELETE, Map.of("path", path, "versions", versions), "delete versions " + versions + " of " + path,
                new Explain(404, "secret " + path + " does not exist in Nexus"));
    }

    /**
     * Restores soft-deleted versions (an empty list = the current or newest deleted one). Nexus answers 404 when
     * nothing was restored, so restoring a version that is not deleted fails too.
     */
    public void undeleteVersions(String path, List<Integer> versions) {
        call(UNDELETE, Map.of("path", path, "versions", versions), "undelete versions " + versions + " of " + path,
                new Explain(404, "nothing to undelete: " + (versions.isEmpty() ? "the current version"
                        : "versions " + versions) + " of secret " + path + " are not deleted, or do not exist in Nexus"));
    }

    /** Every secret path in Nexus (needs {@code list} on {@code spike/system/secret}). */
    public List<String> listSecrets() {
        Object keys = call(LIST, Map.of(), "list secrets").getOrDefault("keys", List.of());
        return keys instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    // ---- policies ----

    /**
     * Writes (or replaces) a policy. Nexus answers 400 for a name or pattern outside SPIKE's alphabet and 500 for a
     * pattern that is not valid RE2 or whose path pattern reaches part of a reserved {@code spike/system/} path.
     */
    public void putPolicy(Policy policy) {
        String name = "'" + policy.name() + "'";
        call(POLICY_PUT, policy.toRequest(), "write policy " + policy.name(),
                new Explain(400, "Nexus refused policy " + name + ": its name or a pattern uses characters outside"
                        + " SPIKE's alphabet, or its permissions are invalid"),
                new Explain(500, "Nexus could not store policy " + name + ": a pattern is not a valid RE2 regular"
                        + " expression, or the path pattern matches part of a reserved spike/system/ path"));
    }

    /** The policy, or empty when there is none by that name (SPIKE answers a missing name with HTTP 500). */
    public Optional<Policy> findPolicy(String name) {
        try {
            return callOptional(POLICY_GET, Map.of("id", name), "read policy " + name).map(Policy::fromJson);
        } catch (KeySourceException e) {
            if (isMissingPolicy(name, e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes a policy; a missing name fails with {@link NexusStatus#NOT_FOUND} (SPIKE answers it with 500). */
    public void deletePolicy(String name) {
        try {
            call(POLICY_DELETE, Map.of("id", name), "delete policy " + name);
        } catch (KeySourceException e) {
            if (isMissingPolicy(name, e)) {
                throw fail(NexusStatus.NOT_FOUND, 500, "no policy named '" + name + "' in Nexus", null);
            }
            throw e;
        }
    }

    /** Whether {@code e} is SPIKE's 500 for a policy name it does not hold (asked again through the list). */
    private boolean isMissingPolicy(String name, KeySourceException e) {
        if (httpStatus(e) != 500) {
            return false;
        }
        try {
            return !listPolicyNames().contains(name);
        } catch (KeySourceException listFailed) {
            e.addSuppressed(listFailed);
            return false;
        }
    }

    /**
     * Policy names. Current SPIKE answers {@code [{id,name}]} items; releases up to v0.8.0 answered whole policies
     * keyed by UUID; both work.
     */
    @SuppressWarnings("unchecked")
    public List<String> listPolicyNames() {
        Object items = call(POLICY_LIST, Map.of("spiffeidPattern", "", "pathPattern", ""), "list policies")
                .getOrDefault("policies", List.of());
        List<String> names = new ArrayList<>();
        if (items instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    names.add(Policy.fromJson((Map<String, Object>) m).name());
                }
            }
        }
        return names;
    }

    /** Our SPIFFE ID as presented to Nexus. */
    public String callerId() {
        return caller.get();
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // closing an identity source cannot fail in a way the caller could act on
            }
        }
    }

    // ---- plumbing ----

    /** What one operation means by an HTTP status, in words (replaces the generic message for that status). */
    private record Explain(int status, String message) {
    }

    private Map<String, Object> call(Route route, Map<String, ?> body, String intent, Explain... explain) {
        return callOptional(route, body, intent, explain).orElseThrow(() -> fail(NexusStatus.NOT_FOUND, 404,
                "not found in Nexus: " + intent + " (HTTP 404 api_not_found)", null));
    }

    private Optional<Map<String, Object>> callOptional(Route route, Map<String, ?> body, String intent,
                                                       Explain... explain) {
        String json = Json.write(body);
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                pause(retry.delayBefore(attempt), intent);
            }
            HttpResponse<String> resp = send(route, json, intent);
            int status = resp.statusCode();
            String err = errCode(resp.body());
            for (Explain x : explain) {
                if (x.status() == status) {
                    throw fail(status == 404 ? NexusStatus.NOT_FOUND : status == 400 ? NexusStatus.BAD_REQUEST
                            : NexusStatus.FAILED, status, x.message() + " (HTTP " + status
                            + (err.isEmpty() ? "" : " " + err) + ")", null);
                }
            }
            if (status == 200) {
                Map<String, Object> parsed = parse(resp.body(), intent);
                if (!err.isEmpty()) {
                    throw fail(NexusStatus.FAILED, status, "Nexus reported an error for: " + intent + " (" + err + ")",
                            null);
                }
                return Optional.of(parsed);
            }
            if (status == 404) {
                return Optional.empty();
            }
            if (status == 503 && attempt < retry.attempts()) {
                continue;
            }
            throw failure(status, err, intent, attempt);
        }
    }

    private KeySourceException failure(int status, String err, String intent, int attempts) {
        String code = " (HTTP " + status + (err.isEmpty() ? "" : " " + err) + ")";
        return switch (status) {
            case 401 -> fail(NexusStatus.UNAUTHORIZED, status,
                    "not authorized by Nexus: " + caller.get() + " may not " + intent + code, null);
            case 400 -> fail(NexusStatus.BAD_REQUEST, status,
                    "Nexus rejected the request as invalid: " + intent + code, null);
            case 503 -> fail(NexusStatus.NOT_READY, status, "state_not_ready".equals(err)
                    ? "Nexus is not initialised: " + base + " has not recovered its root key from SPIKE Keepers "
                            + "(or been bootstrapped) yet; " + intent + " failed after " + attempts + " attempts" + code
                    : "Nexus is not ready after " + attempts + " attempts: " + intent + code, null);
            default -> fail(NexusStatus.FAILED, status, "Nexus failed: " + intent + code, null);
        };
    }

    private HttpResponse<String> send(Route route, String json, String intent) {
        HttpRequest req = HttpRequest.newBuilder(route.uri(base))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        try {
            return http.get().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (SSLException e) {
            throw fail(NexusStatus.TLS_HANDSHAKE, 0, "TLS handshake with Nexus at " + base + " failed (" + intent
                    + "): " + rootMessage(e), e);
        } catch (IOException e) {
            throw fail(NexusStatus.UNREACHABLE, 0,
                    "cannot reach Nexus at " + base + " (" + intent + "): " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(NexusStatus.INTERRUPTED, 0, "interrupted while talking to Nexus (" + intent + ")", e);
        }
    }

    private void pause(Duration d, String intent) {
        try {
            retry.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(NexusStatus.INTERRUPTED, 0,
                    "interrupted while waiting for Nexus to become ready (" + intent + ")", e);
        }
    }

    private static Map<String, Object> parse(String body, String intent) {
        try {
            return Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw malformed(intent, e.getMessage());
        }
    }

    /** The {@code err} field if the body is a JSON object carrying a plausible SPIKE error code, else "". */
    private static String errCode(String body) {
        try {
            Object err = Json.parseObject(body).get("err");
            return err instanceof String s && ERR_CODE.matcher(s).matches() ? s : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static KeySourceException malformed(String intent, String why) {
        return fail(NexusStatus.MALFORMED, 200, "unexpected answer from Nexus to: " + intent + " (" + oneLine(why) + ")",
                null);
    }

    /** A one-line error whose cause carries the typed status ({@link NexusStatus#of}). */
    private static KeySourceException fail(NexusStatus status, int http, String message, Throwable cause) {
        return new KeySourceException(message, new NexusCallFailure(status, http, cause));
    }

    private static int httpStatus(Throwable e) {
        return NexusCallFailure.in(e).map(NexusCallFailure::httpStatus).orElse(0);
    }

    private static String versionText(int version) {
        return version == 0 ? "" : " version " + version;
    }

    private static String rootMessage(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return oneLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
