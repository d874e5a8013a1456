package dev.sops4j.keys.hcvault.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback stand-in for a HashiCorp Vault (or OpenBao) server with transit engines, speaking the wire protocol
 * sops relies on: {@code POST}/{@code PUT /v1/<mount>/encrypt/<key>} and {@code .../decrypt/<key>} with JSON
 * bodies, the token in {@code X-Vault-Token}, the namespace in {@code X-Vault-Namespace}, answers wrapped in
 * {@code {"data": ...}} and errors as {@code {"errors": [...]}} with Vault's status codes (403 permission denied,
 * 400 for unknown keys and bad ciphertexts, 404 for unknown mounts). Ciphertexts are {@code vault:v<N>:<base64>}
 * of AES-256-GCM under that key version, so they only decrypt with the key (and version) that made them.
 */
public final class FakeVault implements AutoCloseable {
    /** One request as received, for assertions on the wire format. */
    public record Seen(String method, String path, Optional<String> token, Optional<String> namespace, String body) {
    }

    private final HttpServer server;
    private final String token;
    private final Optional<String> namespace;
    private final Set<String> mounts = ConcurrentHashMap.newKeySet();
    private final Map<String, List<byte[]>> keys = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> kvMounts = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean failing;

    private FakeVault(String token, Optional<String> namespace, javax.net.ssl.SSLContext tls) throws IOException {
        this.token = token;
        this.namespace = namespace;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            this.server = HttpServer.create(loopback, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server on HTTPS with the given server certificate and key ({@link #address()} is then https://). */
    public static FakeVault startTls(String token, javax.net.ssl.SSLContext tls) throws IOException {
        return new FakeVault(token, Optional.empty(), tls);
    }

    /** A server accepting {@code token}; requests must carry {@code namespace} when it is given. */
    public static FakeVault start(String token, String namespace) throws IOException {
        return new FakeVault(token, Optional.ofNullable(namespace), null);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String address() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort();
    }

    /** Mounts a transit engine at {@code path} (may hold slashes) and creates {@code keyNames} in it. */
    public FakeVault transit(String path, String... keyNames) {
        mounts.add(path);
        for (String k : keyNames) {
            keys.put(path + "|" + k, new CopyOnWriteArrayList<>(List.of(newKey())));
        }
        return this;
    }

    /** Mounts a KV secrets engine (version 1 or 2) at {@code path}. */
    public FakeVault kv(String path, int version) {
        kvMounts.put(path, version);
        return this;
    }

    /** The JSON body last written to a KV secret, by API path (v2: {@code <mount>/data/<path>}). */
    public Optional<String> secret(String apiPath) {
        return Optional.ofNullable(secrets.get(apiPath));
    }

    /** Adds a key version, as {@code vault write -f <mount>/keys/<name>/rotate} does. */
    public void rotate(String path, String keyName) {
        keys.get(path + "|" + keyName).add(newKey());
    }

    /** Makes every request fail with 500, as a sealed or broken server would. */
    public void failing(boolean on) {
        failing = on;
    }

    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    private byte[] newKey() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Optional<String> tok = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Vault-Token"));
            Optional<String> ns = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Vault-Namespace"));
            String path = ex.getRequestURI().getRawPath();
            seen.add(new Seen(ex.getRequestMethod(), path, tok, ns, body));
            if (failing) {
                reply(ex, 500, error("internal error"));
                return;
            }
            if (tok.isEmpty() || !tok.get().equals(token)) {
                reply(ex, 403, error("permission denied"));
                return;
            }
            String route = path.startsWith("/v1/") ? path.substring(4) : "";
            for (Map.Entry<String, Integer> kv : kvMounts.entrySet()) {
                String prefix = kv.getKey() + (kv.getValue() == 2 ? "/data/" : "/");
                if (route.startsWith(prefix) && namespace.equals(ns)) {
                    Map<String, Object> req = JsonMaps.parse(body.getBytes(StandardCharsets.UTF_8));
                    if (kv.getValue() == 2 && !(req.get("data") instanceof Map)) {
                        reply(ex, 400, error("no data provided"));
                        return;
                    }
                    secrets.put(route, body);
                    reply(ex, kv.getValue() == 2 ? 200 : 204, kv.getValue() == 2
                            ? "{\"data\":{\"created_time\":\"2026-12-04T00:00:00Z\",\"version\":1}}" : "");
                    return;
                }
            }
            int opAt = Math.max(route.lastIndexOf("/encrypt/"), route.lastIndexOf("/decrypt/"));
            String mount = opAt < 0 ? "" : route.substring(0, opAt);
            if (opAt < 0 || !mounts.contains(mount) || !namespace.equals(ns)) {
                reply(ex, 404, error("no handler for route \"" + route + "\". route entry not found."));
                return;
            }
            if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("PUT")) {
                reply(ex, 405, error("1 error occurred:\n\t* unsupported operation\n\n"));
                return;
            }
            String op = route.substring(opAt + 1, opAt + 8);
            String keyName = route.substring(opAt + 9);
            List<byte[]> versions = keys.get(mount + "|" + keyName);
            Map<String, Object> req;
            try {
                req = JsonMaps.parse(body.getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                reply(ex, 400, error("failed to parse JSON input: invalid character"));
                return;
            }
            if (versions == null) {
                reply(ex, 400, error("encryption key not found"));
                return;
            }
            if (op.equals("encrypt")) {
                encrypt(ex, versions, JsonMaps.string(req, "plaintext").orElse(""));
            } else {
                decrypt(ex, versions, JsonMaps.string(req, "ciphertext").orElse(""));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, error("internal error"));
        }
    }

    private void encrypt(HttpExchange ex, List<byte[]> versions, String b64) throws IOException {
        byte[] plain;
        try {
            plain = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            reply(ex, 400, error("failed to base64-decode plaintext"));
            return;
        }
        int v = versions.size();
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, versions.get(v - 1), nonce, plain);
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        String ct = "vault:v" + v + ":" + Base64.getEncoder().encodeToString(out);
        reply(ex, 200, "{\"request_id\":\"" + java.util.UUID.randomUUID() + "\",\"lease_id\":\"\",\"renewable\":false,"
                + "\"lease_duration\":0,\"data\":{\"ciphertext\":\"" + ct + "\",\"key_version\":" + v
                + "},\"wrap_info\":null,\"warnings\":null,\"auth\":null}");
    }

    private void decrypt(HttpExchange ex, List<byte[]> versions, String ct) throws IOException {
        String[] parts = ct.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("vault") || !parts[1].matches("v[0-9]+")) {
            reply(ex, 400, error("invalid ciphertext: no prefix"));
            return;
        }
        int v = Integer.parseInt(parts[1].substring(1));
        if (v < 1 || v > versions.size()) {
            reply(ex, 400, error("invalid key version"));
            return;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            reply(ex, 400, error("invalid ciphertext: could not decode"));
            return;
        }
        byte[] plain;
        try {
            plain = gcm(Cipher.DECRYPT_MODE, versions.get(v - 1), java.util.Arrays.copyOf(raw, 12),
                    java.util.Arrays.copyOfRange(raw, 12, raw.length));
        } catch (IllegalStateException e) {
            reply(ex, 400, error("cipher: message authentication failed"));
            return;
        }
        reply(ex, 200, "{\"request_id\":\"" + java.util.UUID.randomUUID() + "\",\"lease_id\":\"\",\"renewable\":false,"
                + "\"lease_duration\":0,\"data\":{\"plaintext\":\"" + Base64.getEncoder().encodeToString(plain)
                + "\"},\"wrap_info\":null,\"warnings\":null,\"auth\":null}");
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cipher: message authentication failed");
        }
    }

    private static String error(String message) {
        return new String(JsonMaps.write(Map.of("x", message)), StandardCharsets.UTF_8)
                .replaceFirst("^\\{\"x\":", "{\"errors\":[").replaceFirst("}$", "]}");
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length == 0) {
            return;
        }
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
