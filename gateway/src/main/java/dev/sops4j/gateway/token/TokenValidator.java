package dev.sops4j.gateway.token;

import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sops4j.gateway.policy.IssuerConfig;
import dev.sops4j.gateway.policy.Policy;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates CI bearer tokens against the policy's issuers. The unverified {@code iss} only selects which configured
 * issuer's keys and rules to apply; an {@code iss} that is not configured exactly is rejected before any network
 * access, so a token cannot make the gateway fetch keys from a URL it names.
 */
public final class TokenValidator {
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final Map<String, IssuerValidator> byIss = new LinkedHashMap<>();

    public TokenValidator(Policy policy, Discovery discovery, Clock clock, JwksEvents events) {
        for (IssuerConfig ic : policy.issuers().values()) {
            byIss.put(ic.issuer(), new IssuerValidator(ic, discovery, clock, events));
        }
    }

    /** Tries discovery and a first JWKS fetch for every issuer; failures leave that issuer not ready. */
    public void warmUp() {
        byIss.values().forEach(IssuerValidator::ensureReady);
    }

    /** Whether every issuer's JWKS has been fetched at least once (tries again, rate-limited, if not). */
    public boolean ready() {
        boolean all = true;
        for (IssuerValidator v : byIss.values()) {
            all &= v.ensureReady();
        }
        return all;
    }

    public List<String> notReadyIssuers() {
        return byIss.values().stream().filter(v -> !v.ensureReady()).map(v -> v.config().name()).toList();
    }

    public VerifiedToken validate(String token) throws TokenRejected {
        if (token == null || token.isBlank()) {
            throw new TokenRejected(TokenRejected.Reason.MISSING, "no bearer token", "");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "token too large", "");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "token is not a JWT", "");
        }
        if (jwt instanceof EncryptedJWT) {
            // Five segments: nothing can be read without a key the gateway does not have (and must not try).
            throw new TokenRejected(TokenRejected.Reason.ENCRYPTED,
                    "encrypted tokens (JWE) are not accepted; send the issuer's signed JWT", "");
        }
        Map<String, Object> raw = rawClaims(jwt);
        Object issValue = raw.get("iss");
        String iss = issValue instanceof String s ? s : "";
        IssuerValidator v = byIss.get(iss);
        String issuerName = v == null ? "" : v.config().name();
        if (jwt instanceof PlainJWT) {
            throw new TokenRejected(TokenRejected.Reason.UNSIGNED, "unsigned tokens (alg none) are rejected", "",
                    issuerName, false);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "only signed JWTs are accepted", "");
        }
        if (issValue != null && !(issValue instanceof String)) {
            throw new TokenRejected(TokenRejected.Reason.INVALID_CLAIMS, "claim iss must be a string", "");
        }
        if (v == null) {
            throw new TokenRejected(TokenRejected.Reason.UNCONFIGURED_ISSUER, "issuer is not configured",
                    iss.length() > 200 ? iss.substring(0, 200) : iss);
        }
        ClaimShapes.check(raw, v.config(), issuerName);
        return v.validate(signed, issuerName);
    }

    /** The payload as a JSON object (values as parsed, unverified); a payload that is not one is malformed. */
    private static Map<String, Object> rawClaims(JWT jwt) throws TokenRejected {
        Map<String, Object> m = null;
        try {
            if (jwt instanceof SignedJWT s) {
                m = s.getPayload().toJSONObject();
            } else if (jwt instanceof PlainJWT p) {
                m = p.getPayload().toJSONObject();
            }
        } catch (RuntimeException e) {
            m = null;
        }
        if (m == null) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "token payload is not a JSON object", "");
        }
        return m;
    }
}
