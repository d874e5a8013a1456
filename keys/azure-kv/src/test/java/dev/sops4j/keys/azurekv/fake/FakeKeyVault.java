package dev.sops4j.keys.azurekv.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A loopback stand-in for an Azure Key Vault (keys API 7.x), speaking what sops' Azure client relies on:
 * {@code GET /keys/<name>} (latest version in {@code key.kid}), {@code POST /keys/<name>/<version>/encrypt} and
 * {@code /decrypt} with {@code {"alg": "RSA-OAEP-256", "value": <base64url>}}, the {@code api-version} query,
 * {@code Authorization: Bearer} with a {@code WWW-Authenticate} challenge on 401, and Key Vault's error envelope
 * ({@code KeyNotFound} 404, {@code BadParameter} 400, {@code Unauthorized} 401). Each key version is its own RSA
 * 2048 key pair, so a ciphertext only decrypts with the version that made it.
 */
public final class FakeKeyVault implements AutoCloseable {
    /** One request as received. */
    public record Seen(String method, String pathAndQuery, Optional<String> authorization, String body) {
    }

    private final HttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, KeyPair>> keys = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean failing;

    private FakeKeyVault() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeKeyVault start() throws IOException {
        return new FakeKeyVault();
    }

    /** {@code http://127.0.0.1:<port>}: the {@code vault_url}. */
    public String vaultUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeKeyVault acceptToken(String token) {
        tokens.add(token);
        return this;
    }

    /** Creates a key, or a new version of it; returns the version id. */
    public String createKey(String name) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, random);
            byte[] id = new byte[16];
            random.nextBytes(id);
            String version = HexFormat.of().formatHex(id);
            keys.computeIfAbsent(name, n -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()))
                    .put(version, g.generateKeyPair());
            return version;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            Optional<String> auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"));
            if (path.equals("/msi/token")) {
                identity(ex, query);
                return;
            }
            seen.add(new Seen(ex.getRequestMethod(), path + (query.isEmpty() ? "" : "?" + query), auth, body));
            if (failing) {
                reply(ex, 503, error("ServiceUnavailable", "The service is unavailable, please retry later."));
                return;
            }
            if (auth.isEmpty() || !auth.get().startsWith("Bearer ")) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline"
                        + ".com/72f988bf-86f1-41af-91ab-2d7cd011db47\", resource=\"https://vault.azure.net\"");
                reply(ex, 401, error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
                return;
            }
            if (!tokens.contains(auth.get().substring(7))) {
                reply(ex, 401, error("Unauthorized", "AKV10032: Invalid issuer. Expected one of "
                        + "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/."));
                return;
            }
            if (!query.matches("(.*&)?api-version=7\\.[0-9]+(-preview)?(&.*)?")) {
                reply(ex, 400, error("BadParameter", "The 'api-version' query parameter is missing or invalid."));
                return;
            }
            String[] seg = path.split("/");
            if (seg.length < 3 || !seg[1].equals("keys")) {
                reply(ex, 404, error("NotFound", "The requested resource was not found."));
                return;
            }
            Map<String, KeyPair> versions = keys.get(seg[2]);
            String version = seg.length > 3 ? seg[3] : null;
            KeyPair pair = versions == null ? null : version == null
                    ? new ArrayList<>(versions.values()).get(versions.size() - 1) : versions.get(version);
            if (pair == null) {
                reply(ex, 404, error("KeyNotFound", "A key with (name/id) " + seg[2] + (version == null ? "" : "/" + version)
                        + " was not found in this key vault. If you recently deleted this key you may be able to "
                        + "recover it using the correct recovery command. For help resolving this issue, please see "
                        + "https://go.microsoft.com/fwlink/?linkid=2125182"));
                return;
            }
            if (version == null) {
                String latest = new ArrayList<>(versions.keySet()).get(versions.size() - 1);
                reply(ex, 200, "{\"key\":{\"kid\":\"" + vaultUrl() + "/keys/" + seg[2] + "/" + latest
                        + "\",\"kty\":\"RSA\",\"key_ops\":[\"encrypt\",\"decrypt\",\"wrapKey\",\"unwrapKey\"],"
                        + "\"e\":\"AQAB\"},\"attributes\":{\"enabled\":true}}");
                return;
            }
            if (seg.length != 5 || !ex.getRequestMethod().equals("POST")
                    || !(seg[4].equals("encrypt") || seg[4].equals("decrypt"))) {
                reply(ex, 405, error("MethodNotAllowed", "The requested method is not allowed."));
                return;
            }
            Map<String, Object> req = JsonMaps.parse(body.getBytes(StandardCharsets.UTF_8));
            if (!"RSA-OAEP-256".equals(JsonMaps.string(req, "alg").orElse(""))) {
                reply(ex, 400, error("BadParameter", "Invalid algorithm."));
                return;
            }
            byte[] in = Base64.getUrlDecoder().decode(JsonMaps.string(req, "value").orElse(""));
            byte[] out;
            try {
                Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                        PSource.PSpecified.DEFAULT);
                if (seg[4].equals("encrypt")) {
                    c.init(Cipher.ENCRYPT_MODE, pair.getPublic(), oaep);
                } else {
                    c.init(Cipher.DECRYPT_MODE, pair.getPrivate(), oaep);
                }
                out = c.doFinal(in);
            } catch (GeneralSecurityException e) {
                reply(ex, 400, error("BadParameter", "The parameter is incorrect.\r\n"));
                return;
            }
            reply(ex, 200, "{\"kid\":\"" + vaultUrl() + "/keys/" + seg[2] + "/" + version + "\",\"value\":\""
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out) + "\"}");
        } catch (RuntimeException e) {
            reply(ex, 500, error("InternalServerError", "Internal error."));
        }
    }

    /** The App Service managed identity endpoint ({@code IDENTITY_ENDPOINT}, header {@code X-IDENTITY-HEADER}). */
    public String identityEndpoint() {
        return vaultUrl() + "/msi/token";
    }

    public static final String IDENTITY_HEADER = "fake-identity-header-secret";

    private void identity(HttpExchange ex, String query) throws IOException {
        if (!IDENTITY_HEADER.equals(ex.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))
                || !query.contains("resource=")) {
            reply(ex, 400, "{\"statusCode\":400,\"message\":\"No MSI found for specified ClientId/ResourceId.\"}");
            return;
        }
        String token = "eyJ0eXAi.fake-mi-" + java.util.UUID.randomUUID();
        tokens.add(token);
        long expires = System.currentTimeMillis() / 1000 + 3600;
        reply(ex, 200, "{\"access_token\":\"" + token + "\",\"expires_on\":\"" + expires
                + "\",\"resource\":\"https://vault.azure.net\",\"token_type\":\"Bearer\","
                + "\"client_id\":\"00000000-0000-0000-0000-000000000001\"}");
    }

    private static String error(String code, String message) {
        String m = new String(JsonMaps.write(Map.of("m", message)), StandardCharsets.UTF_8);
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":" + m.substring(5, m.length() - 1) + "}}";
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
