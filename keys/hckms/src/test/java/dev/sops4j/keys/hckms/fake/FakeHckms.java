package dev.sops4j.keys.hckms.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback stand-in for HuaweiCloud KMS (API v1.0), speaking what sops' HuaweiCloud client sends:
 * {@code POST /v1.0/<project_id>/kms/encrypt-data} ({@code key_id}, {@code plain_text},
 * {@code encryption_algorithm}) and {@code .../decrypt-data} ({@code cipher_text}), signed with AK/SK
 * ({@code SDK-HMAC-SHA256}, verified here with its own canonicalisation of the received request), with API
 * gateway errors ({@code {"error_code": "APIGW.0301", "error_msg": ...}}) and KMS errors
 * ({@code {"error": {"error_code": "KMS.xxxx", "error_msg": ...}}}). The plaintext is the text given (sops sends
 * base64), and ciphertexts are AES-256-GCM under the key's material with its id as associated data.
 */
public final class FakeHckms implements AutoCloseable {
    private final HttpServer server;
    private final String projectId;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean failing;

    private FakeHckms(String projectId) throws IOException {
        this.projectId = projectId;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeHckms start(String projectId) throws IOException {
        return new FakeHckms(projectId);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeHckms credentials(String accessKey, String secretKey) {
        secrets.put(accessKey, secretKey);
        return this;
    }

    /** Creates a key; returns its id (a UUID). */
    public String createKey() {
        String id = UUID.randomUUID().toString();
        byte[] k = new byte[32];
        random.nextBytes(k);
        keys.put(id, k);
        return id;
    }

    public void failing(boolean on) {
        failing = on;
    }

    public List<String> authorizations() {
        return new ArrayList<>(authorizations);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            authorizations.add(auth);
            if (!verified(ex, body, auth)) {
                reply(ex, 401, "{\"error_msg\":\"Incorrect IAM authentication information: verify aksk signature "
                        + "fail\",\"error_code\":\"APIGW.0301\",\"request_id\":\"" + UUID.randomUUID() + "\"}");
                return;
            }
            if (failing) {
                reply(ex, 500, kmsError("KMS.0001", "System error."));
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String prefix = "/v1.0/" + projectId + "/kms/";
            if (!ex.getRequestMethod().equals("POST") || !path.startsWith(prefix)) {
                reply(ex, 404, "{\"error_msg\":\"The API does not exist or has not been published in the "
                        + "environment\",\"error_code\":\"APIGW.0101\",\"request_id\":\"" + UUID.randomUUID() + "\"}");
                return;
            }
            Map<String, Object> req = JsonMaps.parse(body);
            String action = path.substring(prefix.length());
            if (!"SYMMETRIC_DEFAULT".equals(JsonMaps.string(req, "encryption_algorithm").orElse("SYMMETRIC_DEFAULT"))) {
                reply(ex, 400, kmsError("KMS.0202", "Invalid encryption_algorithm."));
                return;
            }
            String keyId = JsonMaps.string(req, "key_id").orElse("");
            byte[] key = keys.get(keyId);
            if (key == null) {
                reply(ex, 404, kmsError("KMS.0207", "The key does not exist."));
                return;
            }
            if (action.equals("encrypt-data")) {
                byte[] plain = JsonMaps.string(req, "plain_text").orElse("").getBytes(StandardCharsets.UTF_8);
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, keyId, plain);
                byte[] out = new byte[12 + sealed.length];
                System.arraycopy(nonce, 0, out, 0, 12);
                System.arraycopy(sealed, 0, out, 12, sealed.length);
                reply(ex, 200, "{\"key_id\":\"" + keyId + "\",\"cipher_text\":\""
                        + Base64.getEncoder().encodeToString(out) + "\"}");
            } else if (action.equals("decrypt-data")) {
                byte[] raw;
                byte[] plain;
                try {
                    raw = Base64.getDecoder().decode(JsonMaps.string(req, "cipher_text").orElse(""));
                    plain = gcm(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(raw, 12), keyId,
                            java.util.Arrays.copyOfRange(raw, 12, raw.length));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    reply(ex, 400, kmsError("KMS.0209", "Invalid cipher_text."));
                    return;
                }
                String text = new String(plain, StandardCharsets.UTF_8);
                reply(ex, 200, "{\"key_id\":\"" + keyId + "\",\"plain_text\":\"" + text + "\",\"plain_text_base64\":\""
                        + Base64.getEncoder().encodeToString(plain) + "\"}");
            } else {
                reply(ex, 404, kmsError("KMS.0101", "Unsupported operation."));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, kmsError("KMS.0001", "System error."));
        }
    }

    /** Recomputes the SDK-HMAC-SHA256 signature over the headers the client says it signed. */
    private boolean verified(HttpExchange ex, byte[] body, String auth) {
        String prefix = "SDK-HMAC-SHA256 Access=";
        if (!auth.startsWith(prefix)) {
            return false;
        }
        String[] parts = auth.substring(prefix.length()).split(", ");
        if (parts.length != 3 || !parts[1].startsWith("SignedHeaders=") || !parts[2].startsWith("Signature=")) {
            return false;
        }
        String sk = secrets.get(parts[0]);
        String date = ex.getRequestHeaders().getFirst("X-Sdk-Date");
        String signed = parts[1].substring("SignedHeaders=".length());
        if (sk == null || date == null || !signed.contains("x-sdk-date")) {
            return false;
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(ex.getRequestMethod()).append('\n');
        String path = ex.getRequestURI().getRawPath();
        canonical.append(path.endsWith("/") ? path : path + "/").append('\n');
        canonical.append(ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery()).append('\n');
        for (String h : signed.split(";")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v == null) {
                return false;
            }
            canonical.append(h.toLowerCase(Locale.ROOT)).append(':').append(v.strip()).append('\n');
        }
        canonical.append('\n').append(signed).append('\n').append(hex(sha256(body)));
        String toSign = "SDK-HMAC-SHA256\n" + date + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sk.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)))
                    .equals(parts[2].substring("Signature=".length()));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, String aad, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("invalid ciphertext");
        }
    }

    private static String kmsError(String code, String msg) {
        return "{\"error\":{\"error_code\":\"" + code + "\",\"error_msg\":\"" + msg + "\"}}";
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
