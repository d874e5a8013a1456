package dev.sops4j.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON answers: plain ones, and RFC 9457 problems with their Retry-After and WWW-Authenticate headers. */
final class Replies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Replies() {
    }

    /** {@code sensitive}: the body carries key material or secrets, so caches must not keep it. */
    static Reply json(int status, Object body, boolean sensitive) {
        Map<String, String> h = sensitive ? Map.of("Cache-Control", "no-store") : Map.of();
        return new Reply(status, "application/json", bytes(body), h);
    }

    static Reply problem(Problem p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.type());
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.detail());
        Map<String, String> h = new LinkedHashMap<>();
        p.retryAfter().ifPresent(d -> h.put("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        p.wwwAuthenticate().ifPresent(w -> h.put("WWW-Authenticate", w));
        return new Reply(p.status(), "application/problem+json", bytes(body), h);
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
