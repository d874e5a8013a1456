package dev.sops4j.gateway.dev;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sops4j.core.error.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Dev mode's OIDC issuer: an RSA key, discovery and JWKS over plain HTTP on loopback (which the policy allows for
 * loopback issuers only), and a minter of GitHub-Actions-like tokens. The private key is kept in
 * {@code DIR/issuer.jwk} (mode 600) so {@code sops4j-gateway dev token} can mint from another process.
 */
public final class DevIssuer implements AutoCloseable {
    static final String KEY_FILE = "issuer.jwk";
    static final String URL_FILE = "issuer.url";
    private final RSAKey key;
    private final String url;
    private final HttpServer server;

    private DevIssuer(RSAKey key, String url, HttpServer server) {
        this.key = key;
        this.url = url;
        this.server = server;
    }

    /** A new key and a loopback server for it; writes the key and URL into {@code dir}. */
    public static DevIssuer start(Path dir) throws IOException {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyID("dev-" + UUID.randomUUID().toString().substring(0, 8)).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        String url = "http://127.0.0.1:" + s.getAddress().getPort();
        String discovery = "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + url + "/jwks\"}";
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        s.createContext("/.well-known/openid-configuration", ex -> send(ex, discovery));
        s.createContext("/jwks", ex -> send(ex, jwks));
        s.start();
        DevFiles.writePrivate(dir.resolve(KEY_FILE), key.toJSONString());
        Files.writeString(dir.resolve(URL_FILE), url + "\n");
        return new DevIssuer(key, url, s);
    }

    private static void send(HttpExchange ex, String body) throws IOException {
        try (ex) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        }
    }

    public String url() {
        return url;
    }

    /**
     * A token shaped like GitHub Actions' for {@code repository} at {@code ref}, valid five minutes, signed with the
     * key in {@code dir} (written by a running {@code dev}).
     */
    public static String mint(Path dir, String audience, String repository, String ref, Map<String, String> extra) {
        RSAKey key;
        String iss;
        try {
            key = RSAKey.parse(Files.readString(dir.resolve(KEY_FILE), StandardCharsets.UTF_8));
            iss = Files.readString(dir.resolve(URL_FILE), StandardCharsets.UTF_8).strip();
        } catch (IOException | ParseException e) {
            throw new ConfigException("dev token: no dev gateway state in " + dir + " (start sops4j-gateway dev --dir "
                    + dir + " first)", e);
        }
        Instant now = Instant.now();
        String owner = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : repository;
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer(iss).audience(audience)
                .subject("repo:" + repository + ":ref:" + ref).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("repository", repository).claim("repository_id", DevMode.DEV_ID)
                .claim("repository_owner", owner).claim("repository_owner_id", DevMode.DEV_ID)
                .claim("ref", ref).claim("run_id", Long.toString(now.getEpochSecond()))
                .claim("event_name", "push").claim("runner_environment", "github-hosted");
        extra.forEach(c::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), c.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    RSAKey key() {
        return key;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
