package dev.sops4j.gateway.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verified claims of one token after per-issuer normalisation (GitLab's {@code "true"}/{@code "false"} strings
 * become booleans). Matchers see each claim as canonical text; lists and objects are not matchable except by
 * {@code exists}/{@code absent}.
 */
public record Claims(String issuerName, Map<String, Object> values) {
    public Claims {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Claims normalised(IssuerConfig issuer, Map<String, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        for (String b : issuer.booleanClaims()) {
            Object v = out.get(b);
            if ("true".equals(v)) {
                out.put(b, Boolean.TRUE);
            } else if ("false".equals(v)) {
                out.put(b, Boolean.FALSE);
            }
        }
        return new Claims(issuer.name(), out);
    }

    /** Present means present and scalar; the text is what matchers compare. */
    public Optional<String> text(String claim) {
        Object v = values.get(claim);
        return v == null ? Optional.empty() : canonical(v);
    }

    public boolean has(String claim) {
        return values.get(claim) != null;
    }

    public Optional<String> string(String claim) {
        return text(claim);
    }

    public static Optional<String> canonical(Object v) {
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Boolean b) {
            return Optional.of(b.toString());
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e18) {
                return Optional.of(Long.toString(n.longValue()));
            }
            return Optional.of(n.toString());
        }
        if (v instanceof List || v instanceof Map) {
            return Optional.empty();
        }
        return Optional.of(String.valueOf(v));
    }
}
