package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.gateway.audit.JsonLinesSink;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.limits.SharedState.OnError;
import dev.sops4j.gateway.limits.redis.RedisSettings;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.gateway.support.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two gateway replicas sharing replay and rate-limit state in a real redis-server on loopback. */
class SharedStateTest {
    private static final String DATA_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String WRAP = "{\"key\":\"app/ci/build\",\"dataKey\":\"" + DATA_KEY + "\"}";
    private static Harness h;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RedisServer redis(Optional<String> password) {
        RedisServer r = RedisServer.start(password);
        open.add(r);
        return r;
    }

    private Gateway replica(RedisServer r, OnError onError, Optional<char[]> password) {
        GatewayConfig.State s = new GatewayConfig.State(Optional.of(new RedisSettings(r.url(), Optional.empty(),
                password, "test:")), onError);
        Gateway g = h.startGateway(s, new JsonLinesSink(new ByteArrayOutputStream()), true);
        open.add(g);
        return g;
    }

    private String token(String repositoryId) {
        return h.github.rs256(h.github.github(Harness.AUD).claim("repository_id", repositoryId).build());
    }

    @Test
    void aWrapTokenUsedOnOneReplicaIsRefusedOnTheOther() {
        RedisServer r = redis(Optional.empty());
        Gateway a = replica(r, OnError.DENY, Optional.empty());
        Gateway b = replica(r, OnError.DENY, Optional.empty());
        String t = token("456789");
        assertEquals(200, h.post(a, "/v1/wrap", t, WRAP).statusCode());
        HttpResponse<String> again = h.post(b, "/v1/wrap", t, WRAP);
        assertEquals(401, again.statusCode(), again.body());
        assertTrue(again.body().contains("token already used for wrap"), again.body());
        assertEquals(401, h.post(a, "/v1/wrap", t, WRAP).statusCode());
    }

    @Test
    void aThreePerMinuteLimitHoldsAcrossBothReplicas() {
        RedisServer r = redis(Optional.of("s3cret-test-pass"));
        Gateway a = replica(r, OnError.DENY, Optional.of("s3cret-test-pass".toCharArray()));
        Gateway b = replica(r, OnError.DENY, Optional.of("s3cret-test-pass".toCharArray()));
        List<Integer> codes = new ArrayList<>();
        for (Gateway g : List.of(a, b, a, b)) {
            codes.add(h.post(g, "/v1/wrap", token("888"), WRAP).statusCode());
        }
        assertEquals(List.of(200, 200, 200, 429), codes);
    }

    @Test
    void withRedisKilledWrapIs503TheReplicaStaysUpAndRecovers() throws IOException {
        RedisServer r = redis(Optional.empty());
        Gateway deny = replica(r, OnError.DENY, Optional.empty());
        Gateway local = replica(r, OnError.ALLOW_LOCAL, Optional.empty());
        HttpResponse<String> w = h.post(deny, "/v1/wrap", token("456789"), WRAP);
        assertEquals(200, w.statusCode(), w.body());
        String unwrap = "{\"key\":\"app/ci/build\",\"enc\":\"" + h.parse(w.body()).get("enc").asText() + "\"}";
        assertEquals(200, h.get(deny, "/readyz", null).statusCode());

        r.kill();
        HttpResponse<String> refused = h.post(deny, "/v1/wrap", token("456789"), WRAP);
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("state-unavailable"), refused.body());
        // allow-local still refuses wrap (its replay check cannot be shared) but lets unwrap through
        assertEquals(503, h.post(local, "/v1/wrap", token("456789"), WRAP).statusCode());
        h.post(local, "/v1/unwrap", token("456789"), unwrap);
        HttpResponse<String> localUnwrap = h.post(local, "/v1/unwrap", token("888"), unwrap);
        assertEquals(200, localUnwrap.statusCode(), localUnwrap.body());
        // deny (the default): unwrap on a rule with a rate limit is refused too
        assertEquals(503, h.post(deny, "/v1/unwrap", token("888"), unwrap).statusCode());
        assertEquals(200, h.get(deny, "/healthz", null).statusCode());
        HttpResponse<String> ready = h.get(deny, "/readyz", null);
        assertEquals(503, ready.statusCode());
        assertEquals(false, h.parse(ready.body()).get("state").asBoolean(true), ready.body());

        r.launch();
        assertEquals(200, h.post(deny, "/v1/wrap", token("456789"), WRAP).statusCode());
        assertEquals(200, h.get(deny, "/readyz", null).statusCode());
    }
}
