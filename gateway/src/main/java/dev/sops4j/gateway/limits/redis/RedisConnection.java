package dev.sops4j.gateway.limits.redis;

import java.util.Arrays;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One pooled Jedis client for the gateway's shared state. Short timeouts: a request waiting on a dead Redis should
 * get its 503 quickly. The pool opens new connections on demand, so the gateway recovers by itself once Redis is
 * back.
 */
public final class RedisConnection implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MS = 500;
    static final int SOCKET_TIMEOUT_MS = 1000;
    private final RedisClient client;
    private final String prefix;

    public RedisConnection(RedisSettings s, int poolSize) {
        DefaultJedisClientConfig.Builder c = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS).socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                .database(s.database()).ssl(s.tls()).clientName("sops4j-gateway");
        s.user().ifPresent(c::user);
        s.password().ifPresent(p -> c.password(new String(p)));
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(Math.max(2, poolSize));
        pool.setMaxIdle(Math.max(2, poolSize));
        pool.setMaxWait(java.time.Duration.ofMillis(SOCKET_TIMEOUT_MS));
        pool.setJmxEnabled(false);
        this.client = RedisClient.builder().hostAndPort(s.url().getHost(), s.port()).clientConfig(c.build())
                .poolConfig(pool).build();
        this.prefix = s.keyPrefix();
        s.password().ifPresent(p -> Arrays.fill(p, '\0'));
    }

    UnifiedJedis client() {
        return client;
    }

    String key(String kind, String id) {
        return prefix + kind + ":" + id;
    }

    /** True when Redis answers PING. */
    public boolean ping() {
        try {
            return "PONG".equals(client.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
