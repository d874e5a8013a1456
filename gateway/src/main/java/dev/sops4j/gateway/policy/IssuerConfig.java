package dev.sops4j.gateway.policy;

import java.time.Duration;
import java.util.List;

/**
 * How tokens from one issuer are validated and read.
 *
 * @param name            the policy's name for the issuer (rules refer to it)
 * @param issuer          exact {@code iss}; discovery must echo it
 * @param audience        the one audience tokens must carry
 * @param algorithms      accepted JWS algorithms (RS256, ES256)
 * @param maxLifetime     cap on {@code exp - iat}
 * @param clockSkew       tolerance for exp/nbf/iat
 * @param requiredClaims  claims that must be present (exp and iat always are)
 * @param flavor          the provider's claim conventions
 * @param immutableIds    claims that count as an immutable binding for allow rules
 * @param booleanClaims   claims whose "true"/"false" strings become booleans
 */
public record IssuerConfig(String name, String issuer, String audience, List<String> algorithms, Duration maxLifetime,
                           Duration clockSkew, List<String> requiredClaims, Flavor flavor, List<String> immutableIds,
                           List<String> booleanClaims) {
    public IssuerConfig {
        algorithms = List.copyOf(algorithms);
        requiredClaims = List.copyOf(requiredClaims);
        immutableIds = List.copyOf(immutableIds);
        booleanClaims = List.copyOf(booleanClaims);
    }
}
