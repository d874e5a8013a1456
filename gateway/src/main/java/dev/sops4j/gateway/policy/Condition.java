package dev.sops4j.gateway.policy;

import java.util.Optional;

/** One claim tested by one matcher. */
public record Condition(String claim, Matcher matcher) {

    public boolean test(Claims claims) {
        if (matcher instanceof Matcher.Exists) {
            return claims.has(claim);
        }
        if (matcher instanceof Matcher.Absent) {
            return !claims.has(claim);
        }
        return matcher.test(claims.text(claim));
    }

    /** Why this condition failed, for explain; shows the claim's value (claims are not secret). */
    public String failure(Claims claims) {
        Optional<String> v = claims.text(claim);
        String shown = v.map(s -> "'" + s + "'").orElse(claims.has(claim) ? "(not a scalar)" : "(absent)");
        return claim + " = " + shown + " does not satisfy " + matcher.describe();
    }

    public String describe() {
        return claim + " " + matcher.describe();
    }
}
