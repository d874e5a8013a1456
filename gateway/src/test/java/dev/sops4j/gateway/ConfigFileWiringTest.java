package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.gateway.config.ConfigLoader;
import dev.sops4j.gateway.limits.redis.RedisSettings;
import dev.sops4j.gateway.limits.SharedState;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.support.TestIssuer;
import dev.sops4j.gateway.support.TestTls;
import dev.sops4j.nexus.NexusKeyAdmin;
import dev.sops4j.nexus.NexusKeySource;
import dev.sops4j.nexus.NexusSettings;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.RetryPolicy;
import dev.sops4j.nexus.fake.FakeNexusServer;
import dev.sops4j.nexus.fake.TestPki;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring: config file, PEM certificate, spiffe-helper SVID files, audit file. */
class ConfigFileWiringTest {
    @TempDir
    Path dir;

    @Test
    void startsFromFilesAndServesOverTls12Plus() throws Exception {
        TestPki pki = TestPki.create("spike.ist");
        try (FakeNexusServer nexus = FakeNexusServer.start(pki.issue("spiffe://spike.ist/spike/nexus"));
             TestIssuer gh = new TestIssuer()) {
            nexus.allow("gw", "^spiffe://spike\\.ist/sops/ci-gateway$", "^sops4j/kek/", "read");
            NexusSettings s = new NexusSettings(nexus.url(), List.of("spike.ist"), "sops4j/kek/", Optional.empty(),
                    Optional.empty());
            NexusClient su = NexusClient.create(s, pki.issue("spiffe://spike.ist/spike/pilot/role/superuser").source(),
                    false, new RetryPolicy(1, Duration.ZERO, Duration.ZERO, d -> { }));
            try (NexusKeyAdmin admin = new NexusKeyAdmin(su, "sops4j/kek/")) {
                admin.create("team/k");
            }
            byte[] dk = new byte[32];
            dk[0] = 9;
            String enc;
            try (NexusKeySource cli = new NexusKeySource(su, "sops4j/kek/")) {
                enc = cli.wrap(new NexusKeyRef("team/k", "", ""), SecretBytes.copyOf(dk)).enc();
            }
            Path spiffe = Files.createDirectories(dir.resolve("spiffe"));
            pki.issue("spiffe://spike.ist/sops/ci-gateway").writeTo(spiffe);
            TestTls tls = new TestTls();
            tls.writeCert(dir);
            tls.writeKey(dir);
            Files.writeString(dir.resolve("policy.yaml"), """
                    version: 1
                    issuers:
                      gh: {issuer: "%s", flavor: github, audience: "https://gw"}
                    rules:
                      - id: r
                        effect: allow
                        issuer: gh
                        when: {repository_id: {equals: "456789"}}
                        grant: {keys: ["team/*"], actions: [unwrap]}
                    """.formatted(gh.issuer()));
            Files.writeString(dir.resolve("gateway.yaml"), """
                    listen: {host: 127.0.0.1, port: 0}
                    threads: 2
                    tls: {certificate: tls.crt, privateKey: tls.key}
                    policy: policy.yaml
                    nexus:
                      url: %s
                      trustRoots: [spike.ist]
                      keyPrefix: sops4j/kek/
                      spiffeDir: spiffe
                    kekCacheTtl: 30s
                    audit: {file: audit.jsonl}
                    """.formatted(nexus.url()));
            GatewayConfig cfg = ConfigLoader.load(dir.resolve("gateway.yaml"), new Environment(Map.of(), dir, dir));
            try (Gateway gw = Gateway.start(cfg, new Environment(Map.of(), dir, dir), new ByteArrayOutputStream())) {
                HttpClient http = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
                String token = gh.rs256(gh.github("https://gw").build());
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("https://127.0.0.1:" + gw.port() + "/v1/unwrap"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"team/k\",\"enc\":\"" + enc + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                byte[] back = Base64.getDecoder().decode(new ObjectMapper().readTree(r.body()).get("dataKey").asText());
                assertArrayEquals(dk, back);
                String audit = Files.readString(dir.resolve("audit.jsonl"));
                assertTrue(audit.startsWith("{\"time\":\""), audit);
                assertTrue(audit.contains("\"decision\":\"allow\",\"status\":200,\"ruleId\":\"r\""), audit);

                // logrotate: move the file away, SIGHUP, and the next line goes to a new file at the same path
                assertTrue(gw.reopensOnHangup(), "SIGHUP is handled on Linux");
                {
                    Files.move(dir.resolve("audit.jsonl"), dir.resolve("audit.jsonl.1"));
                    new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                    for (int i = 0; i < 500 && Files.notExists(dir.resolve("audit.jsonl")); i++) {
                        Thread.sleep(10);
                    }
                    http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.port() + "/v1/whoami"))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                    assertTrue(Files.readString(dir.resolve("audit.jsonl")).contains("\"route\":\"/v1/whoami\""));
                    assertEquals(audit, Files.readString(dir.resolve("audit.jsonl.1")));
                }

                // TLS 1.1 is refused; 1.2 works.
                for (String proto : List.of("TLSv1.1", "TLSv1.2")) {
                    SSLContext ctx = tls.clientContext();
                    SSLParameters p = new SSLParameters();
                    p.setProtocols(new String[] {proto});
                    HttpClient c = HttpClient.newBuilder().sslContext(ctx).sslParameters(p).build();
                    HttpRequest health = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.port() + "/healthz"))
                            .build();
                    if (proto.equals("TLSv1.1")) {
                        assertThrows(java.io.IOException.class, () -> c.send(health, HttpResponse.BodyHandlers.ofString()));
                    } else {
                        assertEquals(200, c.send(health, HttpResponse.BodyHandlers.ofString()).statusCode());
                    }
                }
            }
        }
    }

    @Test
    void refusesIncompleteTlsAndLongKekCaching() {
        Environment env = new Environment(Map.of(), dir, dir);
        assertEquals("gateway config line 1: tls: set either certificate + privateKey (PEM) or pkcs12", error(
                "tls: {certificate: a.crt}\npolicy: p\nnexus: {url: https://n}\n", env));
        assertEquals("gateway config line 4: kekCacheTtl: at most 15m; keysets should not linger in memory", error(
                "tls: {pkcs12: a.p12}\npolicy: p\nnexus: {url: https://n}\nkekCacheTtl: 1h\n", env));
        assertEquals("gateway config line 1: unknown key 'polcy' (allowed: listen, threads, tls, policy, nexus, "
                + "kekCacheTtl, audit, alerts, state)", error("polcy: p\n", env));
    }

    private String error(String yaml, Environment env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, dir, env)).getMessage();
    }

    @Test
    void everyErrorNamesTheKeyAndItsLine() {
        Environment env = new Environment(Map.of(), dir, dir);
        String base = "tls: {pkcs12: a.p12}\npolicy: p\nnexus: {url: https://n}\n";
        assertEquals("gateway config line 6: state.redis: unknown key 'pasword' (allowed: url, user, passwordFile, "
                + "passwordEnv, keyPrefix)", error(base + "state:\n  redis:\n    pasword: x\n", env));
        assertEquals("gateway config line 4: listen.port: expected a whole number",
                error(base + "listen: {port: many}\n", env));
        assertEquals("gateway config line 4: nexus.trustRoots: expected a list",
                error("tls: {pkcs12: a.p12}\npolicy: p\nnexus:\n  trustRoots: spike.ist\n  url: https://n\n", env));
        assertTrue(error(base + "policy: q\n", env).startsWith("gateway config line 4: "), error(base + "policy: q\n", env));
        assertEquals("gateway config line 5: state.onError: 'maybe' is not deny or allow-local",
                error(base + "state:\n  onError: maybe\n", env));
        assertEquals("gateway config line 7: state.redis.passwordEnv: variable REDIS_PW is not set",
                error(base + "state:\n  redis:\n    url: redis://r:6379/0\n    passwordEnv: REDIS_PW\n", env));
        assertEquals("gateway config line 6: state.redis.url: put no credentials in the URL; use user and "
                + "passwordFile or passwordEnv", error(base + "state:\n  redis:\n    url: redis://u:p@r:6379/0\n",
                env));
        assertEquals("gateway config line 6: state.redis.url: expected redis://host:port/db or rediss://host:port/db",
                error(base + "state:\n  redis:\n    url: http://r:6379\n", env));
        assertEquals("gateway config line 4: audit: set file, or keep stdout: true; an audit needs a sink",
                error(base + "audit: {stdout: false}\n", env));
        assertEquals("gateway config line 6: alerts.window: '5 minutes' is not a duration (use e.g. 500ms, 60s, 10m, "
                + "1h)", error(base + "alerts:\n  denials: 3\n  window: 5 minutes\n", env));
        assertEquals("gateway config: nexus: missing", error("tls: {pkcs12: a.p12}\npolicy: p\n", env));
        GatewayConfig ok = ConfigLoader.parse(base + "state:\n  redis:\n    url: rediss://r:6380/2\n"
                + "    user: gw\n    passwordEnv: REDIS_PW\n  onError: allow-local\naudit: {file: a.log, failClosed: false}\n",
                dir, new Environment(Map.of("REDIS_PW", "pw"), dir, dir));
        RedisSettings r = ok.state().redis().orElseThrow();
        assertEquals(List.of(true, 6380, 2, "gw", "sops4j-gateway:"), List.of(r.tls(), r.port(), r.database(),
                r.user().orElseThrow(), r.keyPrefix()));
        assertEquals("pw", new String(r.password().orElseThrow()));
        assertEquals(SharedState.OnError.ALLOW_LOCAL, ok.state().onError());
        assertEquals(new GatewayConfig.Audit(Optional.of(dir.resolve("a.log")), false, false), ok.audit());
    }

}
