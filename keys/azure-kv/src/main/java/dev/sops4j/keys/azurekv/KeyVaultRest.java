package dev.sops4j.keys.azurekv;

import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Key Vault keys REST API (api-version 7.4), the calls sops makes: {@code GET <vault>/keys/<name>} (latest
 * version), {@code POST <vault>/keys/<name>/<version>/encrypt} and {@code /decrypt} with
 * {@code {"alg": "RSA-OAEP-256", "value": <base64url>}}. The bearer token's scope follows Key Vault's
 * {@code WWW-Authenticate} challenge ({@code resource=...}), defaulting to {@code https://vault.azure.net}.
 */
final class KeyVaultRest {
    static final String API_VERSION = "7.4";
    private static final Pattern RESOURCE = Pattern.compile("resource=\"([^\"]+)\"");

    private final AzureTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile String scope = "https://vault.azure.net/.default";

    KeyVaultRest(AzureTokens tokens) {
        this.tokens = tokens;
    }

    /** The latest version of a key: the last segment of its {@code kid}. */
    String latestVersion(String vaultUrl, String name) {
        Map<String, Object> body = send(vaultUrl, "/keys/" + name, null);
        String kid = JsonMaps.string(body, "key", "kid").orElseThrow(() -> new AzureFailure("Key Vault returned no kid"));
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    /** {@code encrypt} or {@code decrypt}: the base64url {@code value} of the answer. */
    String operate(String vaultUrl, String name, String version, String op, String valueB64Url) {
        Map<String, String> req = new LinkedHashMap<>();
        req.put("alg", "RSA-OAEP-256");
        req.put("value", valueB64Url);
        Map<String, Object> body = send(vaultUrl, "/keys/" + name + "/" + version + "/" + op, req);
        return JsonMaps.string(body, "value").orElseThrow(() -> new AzureFailure("Key Vault returned no value"));
    }

    private Map<String, Object> send(String vaultUrl, String path, Map<String, String> json) {
        HttpResponse<byte[]> r = once(vaultUrl, path, json);
        if (r.statusCode() == 401) {
            Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
            Matcher m = RESOURCE.matcher(challenge.orElse(""));
            if (m.find() && !(m.group(1).replaceAll("/+$", "") + "/.default").equals(scope)) {
                scope = m.group(1).replaceAll("/+$", "") + "/.default";
                r = once(vaultUrl, path, json);
            }
        }
        Map<String, Object> body;
        try {
            body = r.body().length == 0 ? Map.of() : JsonMaps.parse(r.body());
        } catch (IllegalArgumentException e) {
            throw new AzureFailure("Key Vault answered HTTP " + r.statusCode() + " with a body that is not JSON");
        }
        if (r.statusCode() / 100 != 2) {
            String code = JsonMaps.string(body, "error", "code").orElse("HTTP " + r.statusCode());
            String message = JsonMaps.string(body, "error", "message").orElse("no error message");
            throw new AzureFailure(code + " (HTTP " + r.statusCode() + "): " + AzureFailure.oneLine(message));
        }
        return body;
    }

    private HttpResponse<byte[]> once(String vaultUrl, String path, Map<String, String> json) {
        URI uri = URI.create(vaultUrl.replaceAll("/+$", "") + path + "?api-version=" + API_VERSION);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.token(scope));
        if (json == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JsonMaps.write(json)));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new AzureFailure("cannot reach Key Vault at " + vaultUrl + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw new AzureFailure("Key Vault at " + vaultUrl + " did not answer in time");
        } catch (IOException e) {
            throw new AzureFailure("cannot reach Key Vault at " + vaultUrl + ": " + AzureFailure.oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzureFailure("interrupted");
        }
    }
}
