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
import java.util.Optional;

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
        } catch (ParseException e) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "token is not a JWT", "");
        }
        String iss = unverified(jwt, "iss").orElse("");
        String hint = unverified(jwt, "sub").orElse("");
        if (jwt instanceof PlainJWT) {
            throw new TokenRejected(TokenRejected.Reason.UNSIGNED, "unsigned tokens (alg none) are rejected", hint);
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new TokenRejected(TokenRejected.Reason.MALFORMED, "only signed JWTs are accepted", hint);
        }
        IssuerValidator v = byIss.get(iss);
        if (v == null) {
            throw new TokenRejected(TokenRejected.Reason.UNCONFIGURED_ISSUER, "issuer is not configured",
                    iss.length() > 200 ? iss.substring(0, 200) : iss);
        }
        return v.validate(signed, hint);
    }

    private static Optional<String> unverified(JWT jwt, String claim) {
        try {
            Object v = jwt.getJWTClaimsSet().getClaim(claim);
            return v instanceof String s ? Optional.of(s) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
