package dev.sops4j.keys.gcpkms;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.OutputException;
import dev.sops4j.core.publish.GcsDestination;
import dev.sops4j.core.publish.Publication;
import dev.sops4j.core.publish.Publisher;
import dev.sops4j.core.text.JsonMaps;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code publish} to Google Cloud Storage: the encrypted file becomes object {@code <gcs_prefix><file name>}, uploaded
 * with the JSON API's media upload ({@code POST /upload/storage/v1/b/<bucket>/o?uploadType=media&name=...}).
 * Credentials as for Cloud KMS keys; {@code STORAGE_EMULATOR_HOST} (as Google's clients read it) points at an
 * emulator, which gets no token.
 */
public final class GcsPublisher implements Publisher<GcsDestination> {
    private final Environment env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public GcsPublisher(Environment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Class<GcsDestination> destinationType() {
        return GcsDestination.class;
    }

    @Override
    public boolean wantsPlaintext() {
        return false;
    }

    @Override
    public void publish(GcsDestination d, Publication p) {
        String object = d.prefix() + p.fileName();
        Optional<String> emulator = env.get("STORAGE_EMULATOR_HOST");
        String base = emulator.map(h -> h.startsWith("http://") || h.startsWith("https://") ? h : "http://" + h)
                .orElse("https://storage.googleapis.com").replaceAll("/+$", "");
        URI uri = URI.create(base + "/upload/storage/v1/b/" + URLEncoder.encode(d.bucket(), StandardCharsets.UTF_8)
                + "/o?uploadType=media&name=" + URLEncoder.encode(object, StandardCharsets.UTF_8));
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(p.encryptedFile()));
            if (emulator.isEmpty()) {
                b.header("Authorization", "Bearer " + tokens().token());
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                String message;
                try {
                    Map<String, Object> body = JsonMaps.parse(r.body());
                    message = JsonMaps.string(body, "error", "message").orElse("no error message");
                } catch (IllegalArgumentException e) {
                    message = "no error message";
                }
                throw fail(d, p, "HTTP " + r.statusCode() + ": " + GcpFailure.oneLine(message));
            }
        } catch (GcpFailure e) {
            throw fail(d, p, e.getMessage());
        } catch (ConnectException e) {
            throw fail(d, p, "cannot reach " + base + ": connection refused");
        } catch (IOException e) {
            throw fail(d, p, "cannot reach " + base + ": " + GcpFailure.oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(d, p, "interrupted");
        }
    }

    private static OutputException fail(GcsDestination d, Publication p, String why) {
        return new OutputException(ExitCode.GENERIC, "failed to publish " + p.fileName() + " to "
                + d.path(p.fileName()) + ": " + why, null);
    }

    /** A method body, so that linking this class does not load google-auth. */
    private AccessTokens tokens() {
        var direct = env.get("GOOGLE_OAUTH_ACCESS_TOKEN");
        if (direct.isPresent()) {
            String t = direct.get().strip();
            return () -> t;
        }
        return GoogleAuthTokens.from(env);
    }
}
