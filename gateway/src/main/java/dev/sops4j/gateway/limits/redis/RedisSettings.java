package dev.sops4j.gateway.limits.redis;

import dev.sops4j.core.error.ConfigException;
import java.net.URI;
import java.util.Optional;

/**
 * Where the shared state lives: {@code redis://host:port/db} or, with TLS, {@code rediss://host:port/db}.
 *
 * @param user      ACL user (Redis 6+), or empty for the default user
 * @param password  read from a file or an environment variable, never from the config text itself
 * @param keyPrefix prepended to every key, so several gateways (or other programs) can share one Redis
 */
public record RedisSettings(URI url, Optional<String> user, Optional<char[]> password, String keyPrefix) {
    public RedisSettings {
        String s = url.getScheme();
        if (!"redis".equals(s) && !"rediss".equals(s) || url.getHost() == null) {
            throw new ConfigException("state.redis.url: expected redis://host:port/db or rediss://host:port/db");
        }
        if (url.getUserInfo() != null) {
            throw new ConfigException("state.redis.url: put no credentials in the URL; use user and passwordFile "
                    + "or passwordEnv");
        }
        database(url);
    }

    public boolean tls() {
        return "rediss".equals(url.getScheme());
    }

    public int port() {
        return url.getPort() < 0 ? 6379 : url.getPort();
    }

    public int database() {
        return database(url);
    }

    private static int database(URI url) {
        String p = url.getPath() == null ? "" : url.getPath().replaceFirst("^/", "");
        if (p.isEmpty()) {
            return 0;
        }
        if (!p.matches("\\d{1,4}")) {
            throw new ConfigException("state.redis.url: database '" + p + "' is not a number");
        }
        return Integer.parseInt(p);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + url + ", user=" + user.orElse("(default)") + ", keyPrefix=" + keyPrefix + "]";
    }
}
