package dev.sops4j.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sops4j.gateway.policy.Claims;
import dev.sops4j.gateway.policy.IssuerConfig;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Validation for one configured issuer: discovery once, then nimbus with a cached, rate-limited JWKS. */
final class IssuerValidator {
    private static final Duration RETRY_DISCOVERY = Duration.ofSeconds(10);
    private static final int JWKS_TIMEOUT_MS = 2000;
    private static final int JWKS_MAX_BYTES = 50 * 1024;
    static final String NO_KEY = "no published key matches the token's kid and algorithm";

    private final IssuerConfig config;
    private final Discovery discovery;
    private final Clock clock;
    private final JwksEvents events;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile JWKSource<SecurityContext> keys;
    private volatile boolean jwksFetched;
    private Instant lastAttempt = Instant.EPOCH;

    IssuerValidator(IssuerConfig config, Discovery discovery, Clock clock, JwksEvents events) {
        this.config = config;
        this.discovery = discovery;
        this.clock = clock;
        this.events = events;
    }

    IssuerConfig config() {
        return config;
    }

    /** Discovery plus a first JWKS fetch; retried at most every {@link #RETRY_DISCOVERY}. */
    synchronized boolean ensureReady() {
        if (jwksFetched) {
            return true;
        }
        Instant now = clock.instant();
        if (!lastAttempt.equals(Instant.EPOCH) && now.isBefore(lastAttempt.plus(RETRY_DISCOVERY))) {
            return false;
        }
        lastAttempt = now;
        try {
            if (processor == null) {
                URL jwks = discovery.jwksUri(config);
                keys = JWKSourceBuilder.create(jwks, new CountingRetriever())
                        .cache(true).rateLimited(true).retrying(false).build();
                processor = processor(keys);
            }
            keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
            return jwksFetched;
        } catch (IOException | RuntimeException | com.nimbusds.jose.KeySourceException e) {
            events.failed(config.name());
            return false;
        }
    }

    VerifiedToken validate(SignedJWT jwt, String issuerName) throws TokenRejected {
        String hint = "";
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p == null && ensureReady()) {
            p = processor;
        }
        if (p == null) {
            throw new TokenRejected(TokenRejected.Reason.ISSUER_UNAVAILABLE, "issuer keys are not available", hint,
                    issuerName, false);
        }
        JWTClaimsSet cs;
        try {
            cs = p.process(jwt, null);
        } catch (BadJWTException e) {
            // Claims checks run after the signature: when it verified, the subject is the issuer's word.
            boolean verified = jwt.getState() == JWSObject.State.VERIFIED;
            throw new TokenRejected(classify(e.getMessage()), oneLine(e.getMessage()),
                    verified ? verifiedSubject(jwt) : "", issuerName, verified);
        } catch (BadJOSEException e) {
            String m = e.getMessage() != null && e.getMessage().contains("no matching key") ? NO_KEY : oneLine(e.getMessage());
            throw new TokenRejected(TokenRejected.Reason.BAD_SIGNATURE, m, "", issuerName, false);
        } catch (RateLimitReachedException e) {
            // An unknown kid asked for a JWKS refresh too soon after the last one: the kid stays unknown.
            throw new TokenRejected(TokenRejected.Reason.BAD_SIGNATURE, NO_KEY, "", issuerName, false);
        } catch (JOSEException e) {
            // A key-source failure: the JWKS could not be fetched; not the caller's fault, but still no entry.
            events.failed(config.name());
            throw new TokenRejected(TokenRejected.Reason.ISSUER_UNAVAILABLE, "issuer keys are not available", "",
                    issuerName, false);
        }
        hint = cs.getSubject() == null ? "" : cs.getSubject();
        Instant now = clock.instant();
        Instant iat = cs.getIssueTime().toInstant();
        Instant exp = cs.getExpirationTime().toInstant();
        if (cs.getAudience().size() != 1) {
            throw new TokenRejected(TokenRejected.Reason.AUDIENCE, "token must carry exactly one audience", hint,
                    issuerName, true);
        }
        if (iat.isAfter(now.plus(config.clockSkew()))) {
            throw new TokenRejected(TokenRejected.Reason.ISSUED_IN_FUTURE, "token issued in the future", hint,
                    issuerName, true);
        }
        if (Duration.between(iat, exp).compareTo(config.maxLifetime()) > 0) {
            throw new TokenRejected(TokenRejected.Reason.LIFETIME, "token lifetime exceeds "
                    + config.maxLifetime().toSeconds() + "s", hint, issuerName, true);
        }
        return new VerifiedToken(config, Claims.normalised(config, cs.getClaims()), exp,
                Optional.ofNullable(cs.getJWTID()));
    }

    private static String verifiedSubject(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet().getSubject() == null ? "" : jwt.getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            return "";
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> source) {
        Set<JWSAlgorithm> algs = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, source));
        Set<String> required = new HashSet<>(config.requiredClaims());
        required.addAll(List.of("iss", "aud", "exp", "iat"));
        DefaultJWTClaimsVerifier<SecurityContext> v = new DefaultJWTClaimsVerifier<>(Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), required, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        v.setMaxClockSkew((int) config.clockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(v);
        return p;
    }

    private static TokenRejected.Reason classify(String m) {
        String s = m == null ? "" : m;
        if (s.startsWith("Expired")) {
            return TokenRejected.Reason.EXPIRED;
        }
        if (s.contains("before use time")) {
            return TokenRejected.Reason.NOT_YET_VALID;
        }
        if (s.contains("missing required claims")) {
            return TokenRejected.Reason.MISSING_CLAIMS;
        }
        if (s.contains("audience") || s.contains("aud claim")) {
            return TokenRejected.Reason.AUDIENCE;
        }
        return TokenRejected.Reason.OTHER;
    }

    private static String oneLine(String s) {
        String t = s == null ? "rejected" : s.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    /** nimbus's retriever with short timeouts and a size cap, reporting each fetch. */
    private final class CountingRetriever implements ResourceRetriever {
        private final DefaultResourceRetriever inner =
                new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS, JWKS_MAX_BYTES);

        @Override
        public Resource retrieveResource(URL url) throws IOException {
            try {
                Resource r = inner.retrieveResource(url);
                jwksFetched = true;
                events.fetched(config.name());
                return r;
            } catch (IOException e) {
                events.failed(config.name());
                throw e;
            }
        }
    }
}
