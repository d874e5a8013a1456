package dev.sops4j.keys.gcpkms.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback stand-in for Google Cloud KMS's REST API (and for Google's OAuth 2 token endpoint), speaking the
 * wire protocol sops' REST client uses: {@code POST /v1/<cryptoKey name>:encrypt} and {@code :decrypt} with
 * base64 JSON members, {@code Authorization: Bearer <token>}, Google's error envelope
 * {@code {"error": {"code", "message", "status"}}} (401 UNAUTHENTICATED, 403 PERMISSION_DENIED for keys that do
 * not exist or may not be used, 400 INVALID_ARGUMENT for ciphertexts of another key). Ciphertexts are AES-256-GCM
 * under the key's own material with the key name as associated data. {@code POST /token} exchanges a
 * service-account JWT (RS256, checked against the registered public key) for an access token, as
 * {@code oauth2.googleapis.com/token} does.
 */
public final class FakeCloudKms implements AutoCloseable {
    /** One KMS request as received. */
    public record Seen(String path, Optional<String> authorization, String body) {
    }

    private final HttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> serviceAccounts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean failing;

    private FakeCloudKms() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeCloudKms start() throws IOException {
        return new FakeCloudKms();
    }

    /** {@code http://127.0.0.1:<port>}: the value for {@code SOPS_GCP_KMS_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The token URI to put in a service-account JSON. */
    public String tokenUri() {
        return endpoint() + "/token";
    }

    public FakeCloudKms key(String resourceId) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        keys.put(resourceId, k);
        return this;
    }

    public FakeCloudKms acceptToken(String token) {
        tokens.add(token);
        return this;
    }

    /** Lets {@code clientEmail} sign JWT assertions with the private half of {@code key}. */
    public FakeCloudKms serviceAccount(String clientEmail, PublicKey key) {
        serviceAccounts.put(clientEmail, key);
        return this;
    }

    public void failing(boolean on) {
        failing = on;
    }

    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getRawPath();
            if (path.equals("/token")) {
                token(ex, body);
                return;
            }
            Optional<String> auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"));
            seen.add(new Seen(path, auth, body));
            if (failing) {
                reply(ex, 503, error(503, "The service is currently unavailable.", "UNAVAILABLE"));
                return;
            }
            if (!ex.getRequestMethod().equals("POST") || !path.startsWith("/v1/") || !path.contains(":")) {
                reply(ex, 404, error(404, "Method not found.", "NOT_FOUND"));
                return;
            }
            if (auth.isEmpty() || !auth.get().startsWith("Bearer ") || !tokens.contains(auth.get().substring(7))) {
                reply(ex, 401, error(401, "Request had invalid authentication credentials. Expected OAuth 2 access "
                        + "token, login cookie or other valid authentication credential. See "
                        + "https://developers.google.com/identity/sign-in/web/devconsole-project.", "UNAUTHENTICATED"));
                return;
            }
            String name = path.substring(4, path.lastIndexOf(':'));
            String method = path.substring(path.lastIndexOf(':') + 1);
            byte[] key = keys.get(name);
            if (key == null || !(method.equals("encrypt") || method.equals("decrypt"))) {
                String perm = method.equals("decrypt") ? "useToDecrypt" : "useToEncrypt";
                reply(ex, 403, error(403, "Permission 'cloudkms.cryptoKeyVersions." + perm + "' denied on resource '"
                        + name + "' (or it may not exist).", "PERMISSION_DENIED"));
                return;
            }
            Map<String, Object> req = JsonMaps.parse(body.getBytes(StandardCharsets.UTF_8));
            if (method.equals("encrypt")) {
                byte[] plain = Base64.getDecoder().decode(JsonMaps.string(req, "plaintext").orElse(""));
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, name, plain);
                byte[] out = new byte[12 + sealed.length];
                System.arraycopy(nonce, 0, out, 0, 12);
                System.arraycopy(sealed, 0, out, 12, sealed.length);
                reply(ex, 200, "{\n  \"name\": \"" + name + "/cryptoKeyVersions/1\",\n  \"ciphertext\": \""
                        + Base64.getEncoder().encodeToString(out) + "\",\n  \"ciphertextCrc32c\": \"0\",\n"
                        + "  \"verifiedPlaintextCrc32c\": true,\n  \"protectionLevel\": \"SOFTWARE\"\n}\n");
            } else {
                byte[] raw = Base64.getDecoder().decode(JsonMaps.string(req, "ciphertext").orElse(""));
                byte[] plain;
                try {
                    plain = gcm(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(raw, 12), name,
                            java.util.Arrays.copyOfRange(raw, 12, raw.length));
                } catch (IllegalStateException | IllegalArgumentException e) {
                    reply(ex, 400, error(400, "Decryption failed: the ciphertext is invalid.", "INVALID_ARGUMENT"));
                    return;
                }
                reply(ex, 200, "{\n  \"plaintext\": \"" + Base64.getEncoder().encodeToString(plain)
                        + "\",\n  \"plaintextCrc32c\": \"0\",\n  \"usedPrimary\": true,\n"
                        + "  \"protectionLevel\": \"SOFTWARE\"\n}\n");
            }
        } catch (RuntimeException e) {
            reply(ex, 500, error(500, "Internal error encountered.", "INTERNAL"));
        }
    }

    /** RFC 7523 JWT bearer grant: checks the RS256 signature of the assertion made by a registered account. */
    private void token(HttpExchange ex, String form) throws IOException {
        Map<String, String> params = new java.util.HashMap<>();
        for (String kv : form.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String assertion = params.getOrDefault("assertion", "");
        String[] jwt = assertion.split("\\.");
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(params.get("grant_type")) || jwt.length != 3) {
            reply(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid grant: bad request.\"}");
            return;
        }
        Map<String, Object> claims = JsonMaps.parse(Base64.getUrlDecoder().decode(jwt[1]));
        PublicKey pub = serviceAccounts.get(JsonMaps.string(claims, "iss").orElse(""));
        boolean valid = false;
        if (pub != null) {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(pub);
                s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
                valid = s.verify(Base64.getUrlDecoder().decode(jwt[2]));
            } catch (GeneralSecurityException e) {
                valid = false;
            }
        }
        if (!valid) {
            reply(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            return;
        }
        String token = "ya29.fake-" + UUID.randomUUID();
        tokens.add(token);
        reply(ex, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, String aad, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("authentication failed");
        }
    }

    private static String error(int code, String message, String status) {
        return "{\n  \"error\": {\n    \"code\": " + code + ",\n    \"message\": "
                + new String(JsonMaps.write(Map.of("m", message)), StandardCharsets.UTF_8).substring(5).replaceFirst("}$", "")
                + ",\n    \"status\": \"" + status + "\"\n  }\n}\n";
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
