package dev.sops4j.gateway.token;

import dev.sops4j.gateway.policy.Claims;
import dev.sops4j.gateway.policy.IssuerConfig;
import java.time.Instant;
import java.util.Optional;

/** A token that passed every check: its issuer, normalised claims, expiry and {@code jti}. */
public record VerifiedToken(IssuerConfig issuer, Claims claims, Instant expiresAt, Optional<String> jti) {
}
