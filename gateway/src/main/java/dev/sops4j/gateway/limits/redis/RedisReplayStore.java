package dev.sops4j.gateway.limits.redis;

import dev.sops4j.gateway.audit.Hashes;
import dev.sops4j.gateway.limits.ReplayStore;
import dev.sops4j.gateway.limits.StateUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Token ids claimed once across every replica: {@code SET key 1 NX PX ttl}, the key being a hash of issuer and jti
 * (the jti itself never reaches Redis) and the expiry the token's own {@code exp} plus skew, so Redis forgets an id
 * exactly when the token could no longer be used anyway.
 */
public final class RedisReplayStore implements ReplayStore {
    private final RedisConnection redis;
    private final Clock clock;

    public RedisReplayStore(RedisConnection redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String id, Instant keepUntil) {
        long ttl = Math.max(1, Duration.between(clock.instant(), keepUntil).toMillis());
        try {
            String r = redis.client().set(redis.key("jti", Hashes.sha256Short(id)), "1",
                    SetParams.setParams().nx().px(ttl));
            return "OK".equals(r);
        } catch (JedisException e) {
            throw new StateUnavailable("Redis unavailable for the replay check", e);
        }
    }
}
