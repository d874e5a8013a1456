package dev.sops4j.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
    static final String HEAD = """
            version: 1
            issuers:
              github:
                issuer: https://token.actions.githubusercontent.com
                audience: https://gw.example
              gitlab:
                issuer: https://gitlab.example.com
                flavor: gitlab
                audience: https://gw.example
            rules:
            """;

    private static Policy load(String rules) {
        return PolicyLoader.parse("p.yaml", HEAD + rules);
    }

    private static String refused(String rules) {
        return assertThrows(ConfigException.class, () -> load(rules)).getMessage();
    }

    private static Claims github(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("sub", "repo:o/a:ref:refs/heads/main", "repository_id", "42",
                "repository_owner_id", 7, "ref", "refs/heads/main", "repository", "o/a"));
        m.putAll(extra);
        return new Claims("github", m);
    }

    static final String ALLOW = """
              - id: a
                effect: allow
                issuer: github
                when:
                  repository_id: {equals: "42"}
                  ref: {glob: "refs/heads/*"}
                grant: {keys: ["team/*"], actions: [unwrap]}
            """;

    @Test
    void allowRuleWithoutImmutableIdIsRefused() {
        assertEquals("rule x: allow rules must bind an immutable id with equals or in outside 'any' (one of "
                + "[repository_id, repository_owner_id, enterprise_id, actor_id])", refused("""
                  - id: x
                    effect: allow
                    issuer: github
                    when:
                      repository: {equals: o/a}
                    grant: {keys: ["*"], actions: [unwrap]}
                """));
    }

    @Test
    void aGlobOnTheIdDoesNotCountAsABinding() {
        assertTrue(refused("""
                  - id: x
                    effect: allow
                    issuer: github
                    when:
                      repository_id: {glob: "4*"}
                    grant: {keys: ["*"], actions: [unwrap]}
                """).startsWith("rule x: allow rules must bind an immutable id"));
    }

    @Test
    void gitlabIdsBind() {
        Policy p = load("""
                  - id: gl
                    effect: allow
                    issuer: gitlab
                    when:
                      namespace_id: {in: ["7", "8"]}
                    grant: {keys: ["*"], actions: [unwrap]}
                """);
        assertEquals(List.of("rule gl: GitLab allow rule does not require ref_protected (fork and branch pipelines "
                + "of the project can use it)"), p.warnings());
    }

    @Test
    void refusesUnknownKeysOperatorsIssuersAndAlgorithms() {
        assertEquals("rules[0]: unknown key 'whenn' (allowed: id, effect, issuer, when, grant, scope, limits, "
                + "description)", refused("  - {id: x, effect: allow, issuer: github, whenn: {}}\n"));
        assertEquals("rule x.when.ref: unknown operator 'startsWith' (equals, in, glob, regex, exists, absent, "
                + "not_equals, not_in, not_glob, not_regex)", refused("""
                  - id: x
                    effect: deny
                    issuer: github
                    when: {ref: {startsWith: main}}
                """));
        assertEquals("rule x: issuer circle is not configured under issuers",
                refused("  - {id: x, effect: deny, issuer: circle, when: {a: {exists: true}}}\n"));
        assertEquals("policy p.yaml.issuers.github.algorithms: HS256 is not allowed (RS256 or ES256)",
                assertThrows(ConfigException.class, () -> PolicyLoader.parse("p.yaml", """
                        version: 1
                        issuers:
                          github: {issuer: "https://token.actions.githubusercontent.com", audience: a, algorithms: [HS256]}
                        """)).getMessage());
        assertEquals("policy p.yaml.issuers.x.issuer: must be an https URL: http://idp.example",
                assertThrows(ConfigException.class, () -> PolicyLoader.parse("p.yaml", """
                        version: 1
                        issuers:
                          x: {issuer: "http://idp.example", audience: a, flavor: generic, immutableClaims: [uid]}
                        """)).getMessage());
        assertEquals("rule x.when.ref.regex: invalid regex: Unclosed group", refused("""
                  - id: x
                    effect: deny
                    issuer: github
                    when: {ref: {regex: "(main"}}
                """));
        assertEquals("rule id a is used twice", refused(ALLOW + ALLOW));
    }

    @Test
    void denyWinsAndDefaultDenies() {
        Policy p = load(ALLOW + """
                  - id: d
                    effect: deny
                    issuer: github
                    when: {event_name: {equals: pull_request_target}}
                """);
        Decision allow = p.decide(github(Map.of()), Action.UNWRAP, "team/db");
        assertTrue(allow.allowed());
        assertEquals("a", allow.ruleId());
        Decision deny = p.decide(github(Map.of("event_name", "pull_request_target")), Action.UNWRAP, "team/db");
        assertFalse(deny.allowed());
        assertEquals("d", deny.ruleId());
        Decision nested = p.decide(github(Map.of()), Action.UNWRAP, "team/db/nested");
        assertEquals(Decision.DEFAULT_DENY, nested.ruleId());
        assertEquals(List.of(
                "deny  d: does not apply: event_name = (absent) does not satisfy equals pull_request_target",
                "allow a: conditions hold but key team/db/nested is outside [team/*]",
                "no rule allows unwrap on team/db/nested: denied by default"), nested.trace());
        assertEquals(Decision.DEFAULT_DENY, p.decide(github(Map.of()), Action.WRAP, "team/db").ruleId());
    }

    @Test
    void matchersAreAnchoredAndTyped() {
        Policy p = load("""
                  - id: a
                    effect: allow
                    issuer: github
                    when:
                      repository_owner_id: {equals: 7}
                      repository: {regex: "o/a"}
                      environment: {absent: true}
                    grant: {keys: ["**"], actions: [unwrap]}
                """);
        assertTrue(p.decide(github(Map.of()), Action.UNWRAP, "x/y/z").allowed());
        assertFalse(p.decide(github(Map.of("repository", "o/a-evil")), Action.UNWRAP, "x").allowed());
        assertFalse(p.decide(github(Map.of("repository", "xo/a")), Action.UNWRAP, "x").allowed());
        assertFalse(p.decide(github(Map.of("environment", "prod")), Action.UNWRAP, "x").allowed());
        assertEquals(List.of("rule a: wildcard on name claim repository (regex ^(o/a)$) can match names you do not "
                + "own; bind ids or list names with in", "rule a: grants every key name (**)"), p.warnings());
    }

    @Test
    void anyGroupsAndNegation() {
        Policy p = load("""
                  - id: d
                    effect: deny
                    issuer: github
                    when:
                      any:
                        - runner_environment: {equals: self-hosted}
                        - ref: {not_glob: "refs/heads/*"}
                    scope: {actions: [wrap]}
                """ + ALLOW.replace("actions: [unwrap]", "actions: [unwrap, wrap]"));
        assertTrue(p.decide(github(Map.of()), Action.WRAP, "team/db").allowed());
        assertEquals("d", p.decide(github(Map.of("runner_environment", "self-hosted")), Action.WRAP, "team/db").ruleId());
        assertEquals("a", p.decide(github(Map.of("runner_environment", "self-hosted")), Action.UNWRAP, "team/db").ruleId());
    }

    @Test
    void gitlabStringBooleansAreNormalised() {
        Policy p = load("""
                  - id: gl
                    effect: allow
                    issuer: gitlab
                    when:
                      project_id: {equals: 20}
                      ref_protected: {equals: true}
                    grant: {keys: ["*"], actions: [unwrap]}
                """);
        IssuerConfig gl = p.issuers().get("gitlab");
        Claims c = Claims.normalised(gl, Map.of("project_id", "20", "ref_protected", "true"));
        assertEquals(Boolean.TRUE, c.values().get("ref_protected"));
        assertTrue(p.decide(c, Action.UNWRAP, "k").allowed());
        assertFalse(p.decide(Claims.normalised(gl, Map.of("project_id", "20", "ref_protected", "false")),
                Action.UNWRAP, "k").allowed());
    }

    @Property(tries = 200)
    void singleStarNeverCrossesASlash(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String a,
                                      @ForAll @AlphaChars @StringLength(min = 1, max = 8) String b) {
        Matcher.GlobMatch g = new Matcher.GlobMatch("team/*");
        assertTrue(g.test(java.util.Optional.of("team/" + a)));
        assertFalse(g.test(java.util.Optional.of("team/" + a + "/" + b)));
        assertFalse(g.test(java.util.Optional.of("x" + "team/" + a)));
        assertTrue(new Matcher.GlobMatch("team/**").test(java.util.Optional.of("team/" + a + "/" + b)));
    }
}
