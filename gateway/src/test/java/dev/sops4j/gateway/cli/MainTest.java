package dev.sops4j.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    static final String POLICY = """
            version: 1
            issuers:
              github:
                issuer: https://token.actions.githubusercontent.com
                audience: https://gw.example
            rules:
              - id: no-pr-target
                effect: deny
                issuer: github
                when: {event_name: {equals: pull_request_target}}
              - id: deploy
                effect: allow
                issuer: github
                when:
                  repository_id: {equals: "42"}
                  repository: {glob: "octo/*"}
                grant: {keys: ["app/*"], actions: [unwrap]}
            """;
    static final String CLAIMS = """
            {"iss":"https://token.actions.githubusercontent.com","sub":"repo:octo/app:ref:refs/heads/main",
             "repository":"octo/app","repository_id":"42","repository_owner_id":"7","jti":"j","run_id":"1",
             "event_name":"push"}
            """;

    @TempDir
    Path dir;

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Environment(Map.of(), dir, dir));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void lintReportsWarnings() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), POLICY);
        String[] r = run("policy", "lint", "p.yaml");
        assertEquals("0", r[0]);
        assertEquals("""
                policy p.yaml: ok (1 issuers, 2 rules, 1 warnings)
                warning: rule deploy: wildcard on name claim repository (glob octo/*) can match names you do not own; \
                bind ids or list names with in
                """, r[1]);
    }

    @Test
    void lintRefusesABadPolicyWithTheConfigExitCode() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), POLICY.replace("repository_id: {equals: \"42\"}", "ref: {equals: x}"));
        String[] r = run("policy", "lint", "p.yaml");
        assertEquals("1", r[0]);
        assertEquals("sops4j-gateway: rule deploy: allow rules must bind an immutable id with equals or in outside "
                + "'any' (one of [repository_id, repository_owner_id, enterprise_id, actor_id])\n", r[2]);
    }

    @Test
    void explainShowsTheDecidingRule() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), POLICY);
        Files.writeString(dir.resolve("c.json"), CLAIMS);
        String[] r = run("policy", "explain", "p.yaml", "--claims", "c.json", "--action", "unwrap", "--key", "app/db");
        assertEquals("0", r[0], r[2]);
        assertEquals("""
                issuer: github (https://token.actions.githubusercontent.com)
                request: unwrap app/db
                  deny  no-pr-target: does not apply: event_name = 'push' does not satisfy equals pull_request_target
                  allow deploy: APPLIES
                decision: ALLOW by rule deploy
                """, r[1]);
        Files.writeString(dir.resolve("c.json"), CLAIMS.replace("\"push\"", "\"pull_request_target\""));
        r = run("policy", "explain", "p.yaml", "--claims", "c.json", "--action", "unwrap", "--key", "app/db");
        assertEquals("1", r[0]);
        assertEquals("""
                issuer: github (https://token.actions.githubusercontent.com)
                request: unwrap app/db
                  deny  no-pr-target: APPLIES: deny rules win
                decision: DENY by rule no-pr-target
                """, r[1]);
    }

    @Test
    void explainWithoutARequestListsEveryRule() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), POLICY);
        Files.writeString(dir.resolve("c.json"), CLAIMS.replace("\"repository_id\":\"42\",", ""));
        String[] r = run("policy", "explain", "p.yaml", "--claims", "c.json");
        assertEquals("0", r[0], r[2]);
        assertEquals("""
                issuer: github (https://token.actions.githubusercontent.com)
                note: a real token without [repository_id] is rejected before the policy runs
                  deny  no-pr-target: does not apply: event_name = 'push' does not satisfy equals pull_request_target
                  allow deploy: does not apply: repository_id = (absent) does not satisfy equals 42
                """, r[1]);
    }

    @Test
    void usage() {
        String[] r = run("policy");
        assertEquals("2", r[0]);
        assertEquals(Main.USAGE_TEXT + "\n", r[2]);
    }

    @Test
    void helpOnEveryCommandExitsZeroOnStdout() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            String[] r = run(args);
            assertEquals("0", r[0]);
            assertEquals(Main.USAGE_TEXT + "\n", r[1]);
            assertEquals("", r[2]);
        }
        for (String cmd : List.of("serve", "policy", "dev")) {
            for (String[] args : List.of(new String[] {cmd, "--help"}, new String[] {cmd, "-h"},
                    new String[] {"help", cmd})) {
                String[] r = run(args);
                assertEquals("0", r[0], String.join(" ", args));
                assertEquals(Main.HELP.get(cmd) + "\n", r[1]);
                assertEquals("", r[2]);
            }
        }
        String[] r = run("policy", "lint", "--help");
        assertEquals("0", r[0]);
        assertEquals(Main.HELP.get("policy") + "\n", r[1]);
        r = run("dev", "token", "-h");
        assertEquals(Main.HELP.get("dev") + "\n", r[1]);
    }

    @Test
    void versionExitsZero() {
        String[] r = run("--version");
        assertEquals("0", r[0]);
        assertTrue(r[1].matches("sops4j-gateway \\S+ \\(\\S+\\)\n"), r[1]);
        assertEquals("", r[2]);
    }

    @Test
    void lintReportsEveryProblemAtOnce() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), POLICY.replace("repository_id: {equals: \"42\"}", "ref: {equals: x}")
                .replace("rules:", "rules:\n  - {id: broken, effect: maybe}"));
        String[] r = run("policy", "lint", "p.yaml");
        assertEquals("1", r[0]);
        String[] lines = r[2].split("\n");
        assertEquals(2, lines.length, r[2]);
        assertTrue(lines[0].startsWith("sops4j-gateway: rules[0]") || lines[0].contains("broken"), r[2]);
        assertTrue(lines[1].startsWith("sops4j-gateway: rule deploy: allow rules must bind an immutable id"), r[2]);
    }

    @Test
    void anUnreadablePolicyFileSaysWhy() {
        String[] r = run("policy", "lint", "missing.yaml");
        assertEquals("1", r[0]);
        assertEquals("sops4j-gateway: cannot read policy file " + dir.resolve("missing.yaml") + ": no such file\n",
                r[2]);
    }
}
