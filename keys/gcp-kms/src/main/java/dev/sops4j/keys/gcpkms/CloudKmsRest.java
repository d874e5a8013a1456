package dev.sops4j.keys.gcpkms;

import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The Cloud KMS REST API, the two methods sops uses: {@code POST <endpoint>/v1/<resource_id>:encrypt} with
 * {@code {"plaintext": <base64>}} and {@code :decrypt} with {@code {"ciphertext": <base64>}}, authorised by
 * {@code Authorization: Bearer <token>}.
 */
final class CloudKmsRest {
    private final String endpoint;
    private final AccessTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    CloudKmsRest(String endpoint, AccessTokens tokens) {
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.tokens = tokens;
    }

    /** The named string member of a successful answer. */
    String call(String resourceId, String method, String field, String value, String answerField) {
        URI uri = URI.create(endpoint + "/v1/" + resourceId + ":" + method);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonMaps.write(Map.of(field, value)))).build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new GcpFailure("cannot reach Cloud KMS at " + endpoint + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw new GcpFailure("Cloud KMS at " + endpoint + " did not answer in time");
        } catch (IOException e) {
            throw new GcpFailure("cannot reach Cloud KMS at " + endpoint + ": " + GcpFailure.oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GcpFailure("interrupted");
        }
        Map<String, Object> body;
        try {
            body = JsonMaps.parse(resp.body());
        } catch (IllegalArgumentException e) {
            throw new GcpFailure("Cloud KMS answered HTTP " + resp.statusCode() + " with a body that is not JSON");
        }
        if (resp.statusCode() / 100 != 2) {
            String status = JsonMaps.string(body, "error", "status").orElse("HTTP " + resp.statusCode());
            String message = JsonMaps.string(body, "error", "message").orElse("no error message");
            throw new GcpFailure(status + " (HTTP " + resp.statusCode() + "): " + GcpFailure.oneLine(message));
        }
        return JsonMaps.string(body, answerField)
                .orElseThrow(() -> new GcpFailure("Cloud KMS returned no " + answerField));
    }
}
