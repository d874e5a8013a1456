package dev.sops4j.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.gateway.audit.AlertThresholds;
import dev.sops4j.gateway.limits.SharedState;
import dev.sops4j.gateway.limits.redis.RedisSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the server configuration: Jackson's YAML module binds it to {@link ConfigFile} (unknown keys, duplicate
 * keys and wrongly typed values refused), then the values are checked and defaulted here. Every error names the
 * key and, when it is in the file, its line. Relative paths resolve against the config file's directory.
 */
public final class ConfigLoader {
    static final Duration MAX_KEK_TTL = Duration.ofMinutes(15);
    private static final ObjectReader READER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build().readerFor(ConfigFile.class);

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
        ConfigFile f;
        try {
            f = READER.readValue(text);
        } catch (JsonProcessingException e) {
            throw bindingError(e, KeyLines.of(text));
        }
        if (f == null) {
            throw new ConfigException("gateway config: the file is empty");
        }
        return new Checker(KeyLines.of(text), dir, env).config(f);
    }

    private static ConfigException bindingError(JsonProcessingException e, KeyLines lines) {
        String line = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
        if (e instanceof UnrecognizedPropertyException u) {
            String at = path(u, 1);
            String key = at.isEmpty() ? u.getPropertyName() : at + "." + u.getPropertyName();
            String allowed = u.getReferringClass() != null && u.getReferringClass().isRecord()
                    ? java.util.Arrays.stream(u.getReferringClass().getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.joining(", "))
                    : u.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.joining(", "));
            return new ConfigException("gateway config" + lines.line(key).map(n -> " line " + n).orElse(line) + ": "
                    + (at.isEmpty() ? "" : at + ": ") + "unknown key '" + u.getPropertyName() + "' (allowed: "
                    + allowed + ")", e);
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String key = path(m, 0);
            return new ConfigException("gateway config" + lines.line(key).map(n -> " line " + n).orElse(line) + ": "
                    + key + ": " + expected(m), e);
        }
        String msg = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
        return new ConfigException("gateway config" + line + ": not valid YAML: " + msg, e);
    }

    private static String path(JsonMappingException m, int dropLast) {
        List<JsonMappingException.Reference> refs = m.getPath();
        return refs.subList(0, Math.max(0, refs.size() - dropLast)).stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(JsonMappingException m) {
        String s = String.valueOf(m.getOriginalMessage());
        if (s.contains("Integer") || s.contains("int")) {
            return "expected a whole number";
        }
        if (s.contains("Boolean") || s.contains("boolean")) {
            return "expected true or false";
        }
        if (s.contains("List") || s.contains("ArrayList") || s.contains("array")) {
            return "expected a list";
        }
        if (s.contains("ConfigFile$")) {
            return "expected a mapping";
        }
        if (s.contains("String")) {
            return "expected a scalar";
        }
        if (s.contains("Duplicate field")) {
            return "the key appears twice";
        }
        return s.replaceAll("\\s+", " ");
    }

    /** Defaults and value checks, with the key lines for messages. */
    private record Checker(KeyLines lines, Path dir, Environment env) {
        ConfigException fail(String key, String message) {
            String w = lines.where(key);
            return new ConfigException("gateway config" + (w.startsWith("line ") ? " " : ": ") + w + ": " + message);
        }

        String required(String key, String v) {
            if (v == null || v.isBlank()) {
                throw fail(key, v == null ? "missing" : "must not be empty");
            }
            return v;
        }

        int count(String key, Integer v, int fallback) {
            if (v == null) {
                return fallback;
            }
            if (v < 0) {
                throw fail(key, "expected a non-negative integer");
            }
            return v;
        }

        Duration duration(String key, String v, Duration fallback) {
            if (v == null) {
                return fallback;
            }
            try {
                return Yaml.parseDuration(key, v);
            } catch (ConfigException e) {
                throw fail(key, "'" + v + "' is not a duration (use e.g. 500ms, 60s, 10m, 1h)");
            }
        }

        Optional<Path> path(String v) {
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(dir.resolve(v));
        }

        URI uri(String key, String v) {
            try {
                return new URI(required(key, v));
            } catch (URISyntaxException e) {
                throw fail(key, "not a URL: " + e.getReason());
            }
        }

        Optional<char[]> secret(String key, String envName, String file) {
            if (envName != null && file != null) {
                throw fail(key + "File", "set " + key + "File or " + key + "Env, not both");
            }
            if (envName != null) {
                return Optional.of(env.get(envName).orElseThrow(() -> fail(key + "Env",
                        "variable " + envName + " is not set")).toCharArray());
            }
            if (file != null) {
                Path p = dir.resolve(file);
                try {
                    return Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip().toCharArray());
                } catch (IOException e) {
                    throw fail(key + "File", "cannot read " + p + ": " + IoReasons.of(e));
                }
            }
            return Optional.empty();
        }

        GatewayConfig config(ConfigFile f) {
            ConfigFile.Tls tls = f.tls();
            if (tls == null) {
                throw fail("tls", "missing");
            }
            GatewayConfig.Tls t = new GatewayConfig.Tls(path(tls.certificate()), path(tls.privateKey()),
                    path(tls.pkcs12()), secret("tls.password", tls.passwordEnv(), tls.passwordFile()));
            if (t.pkcs12().isPresent() == (t.certificate().isPresent() || t.privateKey().isPresent())
                    || t.pkcs12().isEmpty() && (t.certificate().isEmpty() || t.privateKey().isEmpty())) {
                throw fail("tls", "set either certificate + privateKey (PEM) or pkcs12");
            }
            ConfigFile.Nexus n = f.nexus();
            if (n == null) {
                throw fail("nexus", "missing");
            }
            GatewayConfig.Nexus nexus = new GatewayConfig.Nexus(uri("nexus.url", n.url()),
                    n.trustRoots() == null ? List.of("spike.ist") : n.trustRoots(),
                    n.keyPrefix() == null ? "sops4j/kek/" : n.keyPrefix(),
                    n.secretsPrefix() == null ? "sops4j/ci/" : n.secretsPrefix(), path(n.spiffeDir()),
                    Optional.ofNullable(n.socket()).filter(s -> !s.isBlank()));
            Duration ttl = duration("kekCacheTtl", f.kekCacheTtl(), Duration.ofSeconds(60));
            if (ttl.compareTo(MAX_KEK_TTL) > 0) {
                throw fail("kekCacheTtl", "at most 15m; keysets should not linger in memory");
            }
            GatewayConfig.Audit audit = GatewayConfig.Audit.defaults();
            if (f.audit() != null) {
                Optional<Path> file = path(f.audit().file());
                boolean stdout = f.audit().stdout() == null ? file.isEmpty() : f.audit().stdout();
                if (file.isEmpty() && !stdout) {
                    throw fail("audit", "set file, or keep stdout: true; an audit needs a sink");
                }
                audit = new GatewayConfig.Audit(file, stdout,
                        f.audit().failClosed() == null || f.audit().failClosed());
            }
            AlertThresholds alerts = AlertThresholds.defaults();
            Optional<GatewayConfig.Webhook> webhook = Optional.empty();
            if (f.alerts() != null) {
                ConfigFile.Alerts a = f.alerts();
                AlertThresholds d = alerts;
                alerts = new AlertThresholds(duration("alerts.window", a.window(), d.window()),
                        count("alerts.denials", a.denials(), d.denials()),
                        count("alerts.invalidTokens", a.invalidTokens(), d.invalidTokens()),
                        count("alerts.distinctKeys", a.distinctKeys(), d.distinctKeys()),
                        count("alerts.replayedJti", a.replayedJti(), d.replayedJti()),
                        count("alerts.unconfiguredIssuer", a.unconfiguredIssuer(), d.unconfiguredIssuer()));
                if (a.webhook() != null) {
                    ConfigFile.Webhook w = a.webhook();
                    webhook = Optional.of(new GatewayConfig.Webhook(uri("alerts.webhook.url", w.url()),
                            count("alerts.webhook.attempts", w.attempts(), 3),
                            duration("alerts.webhook.retryWait", w.retryWait(), Duration.ofSeconds(1))));
                }
            }
            ConfigFile.Listen l = f.listen();
            String host = l == null || l.host() == null ? "0.0.0.0" : required("listen.host", l.host());
            int port = count("listen.port", l == null ? null : l.port(), 8443);
            if (port > 65535) {
                throw fail("listen.port", "at most 65535");
            }
            return new GatewayConfig(host, port, count("threads", f.threads(), 16), t,
                    dir.resolve(required("policy", f.policy())), nexus, ttl, audit, alerts, webhook, state(f.state()));
        }

        GatewayConfig.State state(ConfigFile.State s) {
            if (s == null) {
                return GatewayConfig.State.inMemory();
            }
            String onError = s.onError() == null ? "deny" : s.onError();
            SharedState.OnError oe = SharedState.OnError.parse(onError).orElseThrow(() -> fail("state.onError",
                    "'" + onError + "' is not deny or allow-local"));
            if (s.redis() == null) {
                return new GatewayConfig.State(Optional.empty(), oe);
            }
            ConfigFile.Redis r = s.redis();
            Optional<char[]> password = secret("state.redis.password", r.passwordEnv(), r.passwordFile());
            URI url = uri("state.redis.url", r.url());
            try {
                return new GatewayConfig.State(Optional.of(new RedisSettings(url,
                        Optional.ofNullable(r.user()).filter(u -> !u.isBlank()), password,
                        r.keyPrefix() == null ? "sops4j-gateway:" : r.keyPrefix())), oe);
            } catch (ConfigException e) {
                throw fail("state.redis.url", e.getMessage().replaceFirst("^state\\.redis\\.url: ", ""));
            }
        }
    }
}
