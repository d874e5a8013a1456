package dev.sops4j.gateway.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.gateway.policy.IssuerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * OpenID discovery for one configured issuer: reads {@code <iss>/.well-known/openid-configuration}, insists that
 * its {@code issuer} equals the configured one exactly, and returns {@code jwks_uri}.
 */
public final class Discovery {
    private static final int MAX_BYTES = 64 * 1024;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public Discovery(HttpClient http) {
        this.http = http;
    }

    public static Discovery standard() {
        return new Discovery(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    public URL jwksUri(IssuerConfig ic) throws IOException {
        String base = ic.issuer().endsWith("/") ? ic.issuer().substring(0, ic.issuer().length() - 1) : ic.issuer();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (resp.statusCode() != 200 || resp.body().length > MAX_BYTES) {
            throw new IOException("discovery for " + ic.name() + " answered HTTP " + resp.statusCode());
        }
        JsonNode doc = json.readTree(resp.body());
        if (!ic.issuer().equals(doc.path("issuer").asText(null))) {
            throw new IOException("discovery for " + ic.name() + " names another issuer");
        }
        String jwks = doc.path("jwks_uri").asText("");
        URI u = URI.create(jwks);
        boolean sameScheme = "https".equals(u.getScheme())
                || "http".equals(u.getScheme()) && ic.issuer().startsWith("http://");
        if (jwks.isEmpty() || !sameScheme) {
            throw new IOException("discovery for " + ic.name() + " has no usable jwks_uri");
        }
        return u.toURL();
    }
}
