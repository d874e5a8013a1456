package dev.sops4j.gateway.config;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.gateway.audit.AlertThresholds;
import dev.sops4j.gateway.limits.SharedState;
import dev.sops4j.gateway.limits.redis.RedisSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads the server configuration; relative paths resolve against the config file's directory. */
public final class ConfigLoader {
    static final Duration MAX_KEK_TTL = Duration.ofMinutes(15);

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file, Environment env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read gateway config " + file + ": " + IoReasons.of(e), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir, env);
    }

    public static GatewayConfig parse(String text, Path dir, Environment env) {
        Object root;
        try {
            LoaderOptions o = new LoaderOptions();
            o.setAllowDuplicateKeys(false);
            root = new org.yaml.snakeyaml.Yaml(new SafeConstructor(o)).load(text);
        } catch (YAMLException e) {
            throw new ConfigException("gateway config: not valid YAML: " + e.getMessage().replaceAll("\\s+", " "), e);
        }
        Yaml y = Yaml.of("gateway config", root).onlyKeys("listen", "threads", "tls", "policy", "nexus",
                "kekCacheTtl", "audit", "alerts", "state");
        Yaml listen = y.has("listen") ? y.sub("listen").onlyKeys("host", "port") : Yaml.of("listen", java.util.Map.of());
        Yaml tls = y.sub("tls").onlyKeys("certificate", "privateKey", "pkcs12", "passwordEnv", "passwordFile");
        Optional<char[]> password = Optional.empty();
        if (tls.has("passwordEnv")) {
            String var = tls.string("passwordEnv");
            password = Optional.of(env.get(var).orElseThrow(() -> new ConfigException(
                    "tls.passwordEnv: variable " + var + " is not set")).toCharArray());
        } else if (tls.has("passwordFile")) {
            Path p = dir.resolve(tls.string("passwordFile"));
            try {
                password = Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip().toCharArray());
            } catch (IOException e) {
                throw new ConfigException("tls.passwordFile: cannot read " + p + ": " + IoReasons.of(e), e);
            }
        }
        GatewayConfig.Tls t = new GatewayConfig.Tls(path(tls, "certificate", dir), path(tls, "privateKey", dir),
                path(tls, "pkcs12", dir), password);
        if (t.pkcs12().isPresent() == (t.certificate().isPresent() || t.privateKey().isPresent())
                || t.pkcs12().isEmpty() && (t.certificate().isEmpty() || t.privateKey().isEmpty())) {
            throw new ConfigException("tls: set either certificate + privateKey (PEM) or pkcs12");
        }
        Yaml n = y.sub("nexus").onlyKeys("url", "trustRoots", "keyPrefix", "secretsPrefix", "spiffeDir", "socket");
        GatewayConfig.Nexus nexus = new GatewayConfig.Nexus(URI.create(n.string("url")),
                n.strings("trustRoots", List.of("spike.ist")), n.string("keyPrefix", "sops4j/kek/"),
                n.string("secretsPrefix", "sops4j/ci/"), path(n, "spiffeDir", dir),
                n.has("socket") ? Optional.of(n.string("socket")) : Optional.empty());
        Duration ttl = y.duration("kekCacheTtl", Duration.ofSeconds(60));
        if (ttl.compareTo(MAX_KEK_TTL) > 0) {
            throw new ConfigException("kekCacheTtl: at most 15m; keysets should not linger in memory");
        }
        GatewayConfig.Audit audit = GatewayConfig.Audit.defaults();
        if (y.has("audit")) {
            Yaml a = y.sub("audit").onlyKeys("file", "stdout", "failClosed");
            Optional<Path> file = path(a, "file", dir);
            boolean stdout = a.bool("stdout", file.isEmpty());
            if (file.isEmpty() && !stdout) {
                throw new ConfigException("audit: set file, or keep stdout: true; an audit needs a sink");
            }
            audit = new GatewayConfig.Audit(file, stdout, a.bool("failClosed", true));
        }
        GatewayConfig.State state = y.has("state") ? state(y.sub("state"), dir, env) : GatewayConfig.State.inMemory();
        AlertThresholds d = AlertThresholds.defaults();
        AlertThresholds alerts = d;
        Optional<GatewayConfig.Webhook> webhook = Optional.empty();
        if (y.has("alerts")) {
            Yaml a = y.sub("alerts").onlyKeys("window", "denials", "invalidTokens", "distinctKeys", "replayedJti",
                    "unconfiguredIssuer", "webhook");
            alerts = new AlertThresholds(a.duration("window", d.window()), a.integer("denials", d.denials()),
                    a.integer("invalidTokens", d.invalidTokens()), a.integer("distinctKeys", d.distinctKeys()),
                    a.integer("replayedJti", d.replayedJti()), a.integer("unconfiguredIssuer", d.unconfiguredIssuer()));
            if (a.has("webhook")) {
                Yaml w = a.sub("webhook").onlyKeys("url", "attempts", "retryWait");
                webhook = Optional.of(new GatewayConfig.Webhook(URI.create(w.string("url")), w.integer("attempts", 3),
                        w.duration("retryWait", Duration.ofSeconds(1))));
            }
        }
        return new GatewayConfig(listen.string("host", "0.0.0.0"), listen.integer("port", 8443),
                y.integer("threads", 16), t, dir.resolve(y.string("policy")), nexus, ttl, audit, alerts, webhook, state);
    }

    private static GatewayConfig.State state(Yaml s, Path dir, Environment env) {
        s.onlyKeys("redis", "onError");
        String onError = s.string("onError", "deny");
        SharedState.OnError oe = SharedState.OnError.parse(onError).orElseThrow(() -> new ConfigException(
                "state.onError: '" + onError + "' is not deny or allow-local"));
        if (!s.has("redis")) {
            return new GatewayConfig.State(Optional.empty(), oe);
        }
        Yaml r = s.sub("redis").onlyKeys("url", "user", "passwordFile", "passwordEnv", "keyPrefix");
        if (r.has("passwordFile") && r.has("passwordEnv")) {
            throw new ConfigException("state.redis: set passwordFile or passwordEnv, not both");
        }
        Optional<char[]> password = Optional.empty();
        if (r.has("passwordEnv")) {
            String var = r.string("passwordEnv");
            password = Optional.of(env.get(var).orElseThrow(() -> new ConfigException(
                    "state.redis.passwordEnv: variable " + var + " is not set")).toCharArray());
        } else if (r.has("passwordFile")) {
            Path p = dir.resolve(r.string("passwordFile"));
            try {
                password = Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip().toCharArray());
            } catch (IOException e) {
                throw new ConfigException("state.redis.passwordFile: cannot read " + p + ": " + IoReasons.of(e), e);
            }
        }
        URI url;
        try {
            url = new URI(r.string("url"));
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("state.redis.url: not a URI: " + e.getReason(), e);
        }
        return new GatewayConfig.State(Optional.of(new RedisSettings(url,
                r.has("user") ? Optional.of(r.string("user")) : Optional.empty(), password,
                r.string("keyPrefix", "sops4j-gateway:"))), oe);
    }

    private static Optional<Path> path(Yaml y, String key, Path dir) {
        return y.has(key) ? Optional.of(dir.resolve(y.string(key))) : Optional.empty();
    }
}
