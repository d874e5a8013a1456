package dev.sops4j.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.gateway.audit.AuditSink;
import dev.sops4j.gateway.audit.SuspicionDetector;
import dev.sops4j.gateway.kek.KekCache;
import dev.sops4j.gateway.kek.NexusFailure;
import dev.sops4j.gateway.kek.NexusGateway;
import dev.sops4j.gateway.kek.NexusUnavailable;
import dev.sops4j.gateway.limits.SharedState;
import dev.sops4j.gateway.limits.StateUnavailable;
import dev.sops4j.gateway.policy.Action;
import dev.sops4j.gateway.policy.Claims;
import dev.sops4j.gateway.policy.Decision;
import dev.sops4j.gateway.policy.Policy;
import dev.sops4j.gateway.policy.Rule;
import dev.sops4j.gateway.token.TokenRejected;
import dev.sops4j.gateway.token.TokenValidator;
import dev.sops4j.gateway.token.VerifiedToken;
import dev.sops4j.nexus.KeyNames;
import dev.sops4j.nexus.kek.Kek;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's request logic, independent of the HTTP server: authenticate, authorise, limit, then wrap, unwrap
 * or read through Nexus; every {@code /v1} request leaves exactly one audit line and every request a metric.
 */
public final class GatewayService {
    static final int DATA_KEY_BYTES = 32;
    private final ObjectMapper json = new ObjectMapper();
    private final Policy policy;
    private final TokenValidator tokens;
    private final KekCache keks;
    private final NexusGateway nexus;
    private final String secretsPrefix;
    private final Readiness readiness;
    private final AuditSink audit;
    private final SuspicionDetector detector;
    private final Metrics metrics;
    private final SharedState state;
    private final boolean auditFailClosed;
    private final Clock clock;

    public GatewayService(Policy policy, TokenValidator tokens, KekCache keks, NexusGateway nexus, String secretsPrefix,
                          Readiness readiness, AuditSink audit, SuspicionDetector detector, Metrics metrics,
                          SharedState state, boolean auditFailClosed, Clock clock) {
        this.auditFailClosed = auditFailClosed;
        this.policy = policy;
        this.tokens = tokens;
        this.keks = keks;
        this.nexus = nexus;
        this.secretsPrefix = secretsPrefix;
        this.readiness = readiness;
        this.audit = audit;
        this.detector = detector;
        this.metrics = metrics;
        this.state = state;
        this.clock = clock;
    }

    public Reply handle(Incoming in) {
        String route = route(in.path());
        Call call = new Call(route, clock.instant());
        Reply reply;
        try {
            reply = dispatch(in, call);
        } catch (Failure f) {
            reply = problem(call, f.problem);
        } catch (RuntimeException e) {
            reply = problem(call, Problem.internal());
        }
        call.status = reply.status();
        if (route.startsWith("/v1/")) {
            try {
                audit.write(call.record().toMap());
            } catch (RuntimeException e) {
                metrics.auditFailure();
                detector.auditFailed();
                if (auditFailClosed) {
                    // Vault's rule: what cannot be audited does not happen (the answer, with any key, is dropped).
                    reply = problem(call, Problem.auditUnavailable());
                }
            }
        }
        metrics.request(route, call.decision, call.latencyMs() / 1000.0);
        return reply;
    }

    private Reply dispatch(Incoming in, Call call) {
        String m = in.method();
        switch (call.route) {
            case "/healthz":
                requireMethod(m, "GET");
                call.decision = "ok";
                return json(200, Map.of("status", "ok"), false);
            case "/readyz":
                requireMethod(m, "GET");
                Readiness.State s = readiness.state();
                call.decision = s.ready() ? "ok" : "unavailable";
                return json(s.ready() ? 200 : 503, s.toMap(), false);
            case "/metrics":
                requireMethod(m, "GET");
                call.decision = "ok";
                return new Reply(200, metrics.contentType(),
                        metrics.render().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
            case "/v1/whoami":
                requireMethod(m, "GET");
                return whoami(authenticate(in, call), call);
            case "/v1/unwrap":
                requireMethod(m, "POST");
                return unwrap(in, call);
            case "/v1/wrap":
                requireMethod(m, "POST");
                return wrap(in, call);
            case "/v1/secrets":
                requireMethod(m, "GET");
                return secret(in, call);
            default:
                if (RequestLineGuard.isMarker(in.path())) {
                    throw new Failure(Problem.badRequest("request URI is not valid"));
                }
                throw new Failure(Problem.notFound("no such endpoint"));
        }
    }

    private Reply unwrap(Incoming in, Call call) {
        VerifiedToken t = authenticate(in, call);
        JsonNode body = body(in);
        String key = keyName(text(body, "key"));
        byte[] wrapped = base64(text(body, "enc"), "enc");
        authorize(t, Action.UNWRAP, key, call);
        Kek kek = kek(key, call);
        spendJti(t, Action.UNWRAP, call);
        byte[] dataKey;
        try {
            dataKey = kek.unwrap(wrapped);
        } catch (KeySourceException e) {
            throw new Failure(Problem.unprocessable(e.getMessage()));
        }
        try {
            call.decision = "allow";
            return json(200, Map.of("dataKey", Base64.getEncoder().encodeToString(dataKey)), true);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private Reply wrap(Incoming in, Call call) {
        VerifiedToken t = authenticate(in, call);
        JsonNode body = body(in);
        String key = keyName(text(body, "key"));
        byte[] dataKey = base64(text(body, "dataKey"), "dataKey");
        try {
            if (dataKey.length != DATA_KEY_BYTES) {
                throw new Failure(Problem.badRequest("dataKey must be " + DATA_KEY_BYTES + " bytes"));
            }
            authorize(t, Action.WRAP, key, call);
            Kek kek = kek(key, call);
            spendJti(t, Action.WRAP, call);
            call.decision = "allow";
            return json(200, Map.of("enc", Base64.getEncoder().encodeToString(kek.wrap(dataKey))), false);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private Reply secret(Incoming in, Call call) {
        VerifiedToken t = authenticate(in, call);
        String path = keyName(in.path().substring("/v1/secrets/".length() - 1).replaceFirst("^/", ""));
        authorize(t, Action.READ_SECRET, path, call);
        Optional<Map<String, String>> values = nexusCall(call, () -> nexus.read(secretsPrefix + path));
        spendJti(t, Action.READ_SECRET, call);
        if (values.isEmpty()) {
            throw new Failure(Problem.notFound("no secret at " + path));
        }
        call.decision = "allow";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", path);
        out.put("values", values.get());
        return json(200, out, true);
    }

    private Reply whoami(VerifiedToken t, Call call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("issuer", t.issuer().name());
        out.put("claims", t.claims().values());
        List<Map<String, Object>> grants = new ArrayList<>();
        for (Rule r : policy.matchingAllows(t.claims())) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("rule", r.id());
            g.put("keys", r.keyGlobs());
            g.put("actions", r.actions().stream().map(Action::text).sorted().toList());
            grants.add(g);
        }
        out.put("grants", grants);
        call.decision = "ok";
        return json(200, out, false);
    }

    private VerifiedToken authenticate(Incoming in, Call call) {
        String h = in.authorization();
        String token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
        try {
            VerifiedToken t = tokens.validate(token);
            call.token = t;
            return t;
        } catch (TokenRejected e) {
            call.reason = e.reason().name().toLowerCase(java.util.Locale.ROOT);
            metrics.tokenRejected(call.reason);
            if (e.reason() == TokenRejected.Reason.UNCONFIGURED_ISSUER) {
                detector.unconfiguredIssuer(e.hint().isEmpty() ? "(no iss)" : e.hint());
            } else if (e.verified() && !e.hint().isEmpty()) {
                // The issuer vouched for this subject (signature good, a later check failed): count per subject.
                detector.invalidToken(e.issuerName() + ":sub:" + e.hint());
            } else {
                // Unverified: a sub the caller chose proves nothing; count per client address and named issuer.
                detector.invalidToken("addr:" + in.remote());
                if (!e.issuerName().isEmpty()) {
                    detector.invalidToken("iss:" + e.issuerName());
                }
            }
            throw new Failure(Problem.invalidToken(e.getMessage()));
        }
    }

    private void authorize(VerifiedToken t, Action action, String key, Call call) {
        call.action = action.text();
        call.key = key;
        Claims c = t.claims();
        Decision d = policy.decide(c, action, key);
        call.ruleId = d.ruleId();
        if (!d.allowed()) {
            detector.denied(subjects(t));
            throw new Failure(Problem.forbidden());
        }
        Rule rule = d.rule().orElseThrow();
        if (rule.limit().isPresent()) {
            String bucket = rule.id() + "|" + binding(t);
            Optional<Duration> wait = stateCall(call,
                    () -> state.acquire(bucket, rule.limit().get(), action == Action.WRAP));
            if (wait.isPresent()) {
                throw new Failure(Problem.rateLimited(wait.get()));
            }
        }
        detector.keyUsed(subjects(t).get(0), key);
    }

    /**
     * Spends the token's jti for a replay-protected action. Called after the keyset is in hand, so a Nexus outage
     * does not burn the token and the client can retry with it.
     */
    private void spendJti(VerifiedToken t, Action action, Call call) {
        if (policy.replayActions().contains(action)) {
            String jti = t.jti().orElseThrow(() -> {
                call.reason = "missing_claims";
                return new Failure(Problem.invalidToken("token has no jti; " + action.text() + " needs one"));
            });
            boolean first = stateCall(call, () -> state.firstUse(t.issuer().name() + "\u0000" + jti,
                    t.expiresAt().plus(t.issuer().clockSkew()), action == Action.WRAP));
            if (!first) {
                call.reason = "replayed";
                metrics.tokenRejected(call.reason);
                detector.replayed(subjects(t).get(0));
                throw new Failure(Problem.invalidToken("token already used for " + action.text()));
            }
        }
    }

    /** A call to the replay/rate-limit store; unreachable (and not allowed to fall back) answers 503. */
    private <T> T stateCall(Call call, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (StateUnavailable e) {
            call.reason = "state_unavailable";
            metrics.stateError();
            throw new Failure(Problem.stateUnavailable());
        }
    }

    private Kek kek(String key, Call call) {
        return nexusCall(call, () -> keks.get(key))
                .orElseThrow(() -> new Failure(Problem.notFound("no Nexus key named " + key)));
    }

    private <T> T nexusCall(Call call, java.util.function.Supplier<T> op) {
        try {
            T r = op.get();
            call.nexusStatus = "ok";
            return r;
        } catch (NexusUnavailable e) {
            call.nexusStatus = "unavailable";
            metrics.nexusError("unavailable");
            readiness.nexusFailed();
            throw new Failure(Problem.nexusUnavailable());
        } catch (NexusFailure e) {
            call.nexusStatus = "failed";
            metrics.nexusError("failed");
            throw new Failure(Problem.nexusFailed());
        }
    }

    /** Who an alert is about: the subject, plus the repository or project id when the token has one. */
    private static List<String> subjects(VerifiedToken t) {
        String iss = t.issuer().name();
        List<String> out = new ArrayList<>();
        out.add(iss + ":sub:" + t.claims().text("sub").orElse("(none)"));
        for (String id : List.of("repository_id", "project_id")) {
            t.claims().text(id).ifPresent(v -> out.add(iss + ":" + id + ":" + v));
        }
        return out;
    }

    /** The caller's immutable identity for rate-limit buckets. */
    private static String binding(VerifiedToken t) {
        StringBuilder sb = new StringBuilder(t.issuer().name());
        for (String id : t.issuer().immutableIds()) {
            sb.append('|').append(t.claims().text(id).orElse(""));
        }
        return sb.toString();
    }

    private JsonNode body(Incoming in) {
        try {
            JsonNode n = json.readTree(in.body());
            if (n == null || !n.isObject()) {
                throw new Failure(Problem.badRequest("body must be a JSON object"));
            }
            return n;
        } catch (IOException e) {
            throw new Failure(Problem.badRequest("body is not valid JSON"));
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new Failure(Problem.badRequest("missing string field '" + field + "'"));
        }
        return v.asText();
    }

    private static String keyName(String name) {
        try {
            return KeyNames.check(name);
        } catch (UsageException e) {
            throw new Failure(Problem.badRequest("invalid key name: use segments of letters, digits, '_' or '-' "
                    + "separated by '/'"));
        }
    }

    private static byte[] base64(String s, String field) {
        try {
            return Base64.getDecoder().decode(s.strip());
        } catch (IllegalArgumentException e) {
            throw new Failure(Problem.badRequest(field + " is not valid base64"));
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new Failure(Problem.methodNotAllowed());
        }
    }

    static String route(String path) {
        if (path.startsWith("/v1/secrets/")) {
            return "/v1/secrets";
        }
        return switch (path) {
            case "/healthz", "/readyz", "/metrics", "/v1/whoami", "/v1/unwrap", "/v1/wrap" -> path;
            default -> "other";
        };
    }

    private static Reply json(int status, Object body, boolean sensitive) {
        return Replies.json(status, body, sensitive);
    }

    private static Reply problem(Call call, Problem p) {
        call.decision = p.decision();
        return Replies.problem(p);
    }

    /** Carries a problem answer up to {@link #handle}. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Failure(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }
}
