package dev.sops4j.gateway.token;

import dev.sops4j.gateway.policy.IssuerConfig;
import java.util.List;
import java.util.Map;

/**
 * Checks the raw (still unverified) claim values before any library turns them into dates or strings: registered
 * claims must have their RFC 7519 types, epoch claims must be integers in a range whose milliseconds fit a long
 * (so {@code 2^61}, {@code 2^64} or {@code 1e300} cannot overflow into "valid"), and required claims must not be
 * JSON {@code null}. A failure is the token's fault: 401 with reason {@code invalid_claims} or
 * {@code missing_claims}.
 */
final class ClaimShapes {
    /** 9999-12-31T23:59:59Z: later epochs are refused, whatever the lifetime arithmetic would say. */
    static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private ClaimShapes() {
    }

    /** Throws the first problem found; the rejection names the configured issuer, never a subject. */
    static void check(Map<String, Object> raw, IssuerConfig ic, String issuerName) throws TokenRejected {
        java.util.SortedSet<String> missing = new java.util.TreeSet<>();
        for (String c : List.of("iss", "aud", "exp", "iat")) {
            if (raw.get(c) == null) {
                missing.add(c);
            }
        }
        for (String c : ic.requiredClaims()) {
            if (raw.get(c) == null) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw rejected(TokenRejected.Reason.MISSING_CLAIMS, "JWT missing required claims: " + missing,
                    issuerName);
        }
        for (Map.Entry<String, Object> e : new java.util.TreeMap<>(raw).entrySet()) {
            if (e.getValue() == null) {
                throw rejected(TokenRejected.Reason.INVALID_CLAIMS, "claim " + oneLine(e.getKey())
                        + " is null; leave a claim out instead", issuerName);
            }
        }
        for (String c : List.of("exp", "iat", "nbf")) {
            if (raw.containsKey(c) && !epoch(raw.get(c))) {
                throw rejected(TokenRejected.Reason.INVALID_CLAIMS, "claim " + c
                        + " must be an integer number of seconds between 0 and " + MAX_EPOCH_SECONDS, issuerName);
            }
        }
        for (String c : List.of("sub", "jti")) {
            if (raw.containsKey(c) && !(raw.get(c) instanceof String)) {
                throw rejected(TokenRejected.Reason.INVALID_CLAIMS, "claim " + c + " must be a string", issuerName);
            }
        }
        Object aud = raw.get("aud");
        if (aud != null && !(aud instanceof String)
                && !(aud instanceof List<?> l && l.stream().allMatch(String.class::isInstance))) {
            throw rejected(TokenRejected.Reason.INVALID_CLAIMS, "claim aud must be a string or a list of strings",
                    issuerName);
        }
    }

    private static boolean epoch(Object v) {
        long n;
        if (v instanceof Long l) {
            n = l;
        } else if (v instanceof Integer i) {
            n = i;
        } else {
            return false;
        }
        return n >= 0 && n <= MAX_EPOCH_SECONDS;
    }

    private static String oneLine(String name) {
        String n = name.replaceAll("[^\\x20-\\x7e]", "?");
        return n.length() > 64 ? n.substring(0, 64) + "..." : n;
    }

    private static TokenRejected rejected(TokenRejected.Reason r, String message, String issuerName) {
        return new TokenRejected(r, message, "", issuerName, false);
    }
}
