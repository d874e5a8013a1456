package dev.sops4j.nexus.gateway;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.client.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where a CI job's OIDC ID token comes from, in this order: {@code SOPS4J_OIDC_TOKEN}; the variable named by
 * {@code SOPS4J_OIDC_TOKEN_VAR} (GitLab {@code id_tokens}); GitHub Actions' token endpoint
 * ({@code ACTIONS_ID_TOKEN_REQUEST_URL}/{@code _TOKEN}) asked for our audience. GitHub tokens are minted per call,
 * so each wrap carries a fresh {@code jti}.
 */
@FunctionalInterface
public interface OidcTokenSource {
    String ENV_TOKEN = "SOPS4J_OIDC_TOKEN";
    String ENV_TOKEN_VAR = "SOPS4J_OIDC_TOKEN_VAR";
    String ENV_GITHUB_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
    String ENV_GITHUB_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    /** A token to send now; never logged. */
    String token();

    static OidcTokenSource fromEnvironment(Environment env, String audience, HttpClient http) {
        var direct = env.get(ENV_TOKEN).filter(s -> !s.isBlank());
        if (direct.isPresent()) {
            String t = direct.get().strip();
            return () -> t;
        }
        var var = env.get(ENV_TOKEN_VAR).filter(s -> !s.isBlank());
        if (var.isPresent()) {
            String t = env.get(var.get()).filter(s -> !s.isBlank()).orElseThrow(() -> new KeySourceException(
                    ENV_TOKEN_VAR + " names " + var.get() + ", which is not set (declare it under id_tokens)")).strip();
            return () -> t;
        }
        var ghUrl = env.get(ENV_GITHUB_URL);
        var ghToken = env.get(ENV_GITHUB_TOKEN);
        if (ghUrl.isPresent() && ghToken.isPresent()) {
            URI uri = URI.create(ghUrl.get() + (ghUrl.get().contains("?") ? "&" : "?") + "audience="
                    + URLEncoder.encode(audience, StandardCharsets.UTF_8));
            String bearer = ghToken.get();
            return () -> github(http, uri, bearer);
        }
        throw new KeySourceException("SOPS4J_GATEWAY_URL is set but there is no OIDC token: set " + ENV_TOKEN
                + ", or " + ENV_TOKEN_VAR + " (GitLab id_tokens), or run in GitHub Actions with "
                + "'permissions: id-token: write'");
    }

    private static String github(HttpClient http, URI uri, String bearer) {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                .header("Authorization", "bearer " + bearer).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new KeySourceException("GitHub Actions refused an ID token (HTTP " + r.statusCode()
                        + "); does the job have 'permissions: id-token: write'?");
            }
            Object v = Json.parseObject(r.body()).get("value");
            if (!(v instanceof String s) || s.isBlank()) {
                throw new KeySourceException("GitHub Actions answered without an ID token");
            }
            return s;
        } catch (IOException e) {
            throw new KeySourceException("cannot reach the GitHub Actions token endpoint: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("GitHub Actions answered with malformed JSON");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted while requesting a GitHub Actions ID token", e);
        }
    }
}
