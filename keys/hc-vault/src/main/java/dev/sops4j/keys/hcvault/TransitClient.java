package dev.sops4j.keys.hcvault;

import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Vault's transit API, the two routes sops uses: {@code POST /v1/<engine>/encrypt/<key>} with
 * {@code {"plaintext": <base64>}} and {@code POST /v1/<engine>/decrypt/<key>} with {@code {"ciphertext": ...}};
 * the token in {@code X-Vault-Token}, the namespace in {@code X-Vault-Namespace}.
 */
final class TransitClient {
    /** A call failed; the message is one line naming the cause, never the token or key material. */
    static final class CallFailure extends RuntimeException {
        CallFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final VaultSettings settings;
    private final HttpClient http;

    TransitClient(VaultSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().sslContext(VaultTls.context(settings))
                .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Writes {@code json} to {@code <address>/v1/<apiPath>} (a KV secret); fails unless Vault answers 2xx. */
    void write(String address, String apiPath, byte[] json) {
        URI uri = URI.create(address.replaceAll("/+$", "") + "/v1/" + apiPath);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-Vault-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        settings.token().ifPresent(t -> req.header("X-Vault-Token", t));
        settings.namespace().ifPresent(n -> req.header("X-Vault-Namespace", n));
        HttpResponse<byte[]> resp = send(req.build(), address);
        if (resp.statusCode() / 100 != 2) {
            Map<String, Object> body;
            try {
                body = resp.body().length == 0 ? Map.of() : JsonMaps.parse(resp.body());
            } catch (IllegalArgumentException e) {
                body = Map.of();
            }
            throw new CallFailure("Vault answered HTTP " + resp.statusCode() + ": " + errors(body));
        }
    }

    private HttpResponse<byte[]> send(HttpRequest req, String address) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new CallFailure("cannot reach Vault at " + address + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw new CallFailure("Vault at " + address + " did not answer in time");
        } catch (IOException e) {
            throw new CallFailure("cannot reach Vault at " + address + ": " + oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailure("interrupted");
        }
    }

    /** The {@code data} member of the answer to a transit operation. */
    Map<String, Object> call(HcVaultKeyRef ref, String op, String field, String value) {
        URI uri = URI.create(ref.vaultAddress().replaceAll("/+$", "") + "/v1/" + ref.enginePath() + "/" + op + "/"
                + ref.keyName());
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-Vault-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonMaps.write(Map.of(field, value))));
        settings.token().ifPresent(t -> req.header("X-Vault-Token", t));
        settings.namespace().ifPresent(n -> req.header("X-Vault-Namespace", n));
        HttpResponse<byte[]> resp = send(req.build(), ref.vaultAddress());
        Map<String, Object> body;
        try {
            body = resp.body().length == 0 ? Map.of() : JsonMaps.parse(resp.body());
        } catch (IllegalArgumentException e) {
            throw new CallFailure("Vault answered HTTP " + resp.statusCode() + " with a body that is not JSON");
        }
        if (resp.statusCode() / 100 != 2) {
            throw new CallFailure("Vault answered HTTP " + resp.statusCode() + ": " + errors(body));
        }
        if (!(body.get("data") instanceof Map<?, ?> data)) {
            throw new CallFailure("Vault returned no " + op + "ion result");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) data;
        return d;
    }

    private static String errors(Map<String, Object> body) {
        if (body.get("errors") instanceof List<?> l && !l.isEmpty()) {
            return oneLine(String.join("; ", l.stream().map(String::valueOf).toList()));
        }
        return "no error message";
    }

    static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
