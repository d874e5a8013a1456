package dev.sops4j.gateway.limits.redis;

import dev.sops4j.gateway.audit.Hashes;
import dev.sops4j.gateway.limits.RateLimiter;
import dev.sops4j.gateway.limits.StateUnavailable;
import dev.sops4j.gateway.policy.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One token bucket per rule and caller in Redis, taken atomically by a Lua script, so the configured rate holds for
 * all replicas together. The script reads Redis's own clock (TIME), so replicas with skewed clocks agree. A bucket
 * is a hash {@code tokens, ts} that expires once it would be full again.
 */
public final class RedisRateLimiter implements RateLimiter {
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(b[1])
            local ts = tonumber(b[2])
            if tokens == nil or ts == nil then
              tokens = burst
              ts = now
            end
            if now > ts then
              tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
              ts = now
            end
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.ceil((1 - tokens) * 1000 / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
            return wait
            """;
    private final RedisConnection redis;
    private volatile String sha;

    public RedisRateLimiter(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public Optional<Duration> acquire(String key, RateLimit limit) {
        List<String> keys = List.of(redis.key("rl", Hashes.sha256Short(key)));
        List<String> args = List.of(Double.toString(limit.perSecond()), Integer.toString(limit.burst()));
        try {
            Object r;
            try {
                r = redis.client().evalsha(sha(), keys, args);
            } catch (JedisNoScriptException e) {
                // Redis restarted (or flushed its scripts): load the script again.
                sha = null;
                r = redis.client().evalsha(sha(), keys, args);
            }
            long waitMs = ((Number) r).longValue();
            return waitMs <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(waitMs));
        } catch (JedisException e) {
            throw new StateUnavailable("Redis unavailable for the rate limit", e);
        }
    }

    private String sha() {
        String s = sha;
        if (s == null) {
            s = redis.client().scriptLoad(SCRIPT);
            sha = s;
        }
        return s;
    }
}
