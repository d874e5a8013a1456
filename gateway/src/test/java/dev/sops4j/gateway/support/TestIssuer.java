package dev.sops4j.gateway.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback OIDC issuer: discovery + JWKS over plain HTTP on 127.0.0.1, and a token minter. */
public final class TestIssuer implements AutoCloseable {
    public final RSAKey rsa;
    public final ECKey ec;
    public final RSAKey stranger;
    private final HttpServer server;
    public final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile boolean down;

    public TestIssuer() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            stranger = new RSAKeyGenerator(2048).keyID("not-published").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/openid-configuration", ex -> {
            String body = "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}";
            send(ex, down ? 500 : 200, body);
        });
        server.createContext("/jwks", ex -> {
            jwksFetches.incrementAndGet();
            send(ex, down ? 500 : 200, new JWKSet(java.util.List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
        });
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Standard valid GitHub-style claims for {@code audience}, issued now, valid 5 minutes. */
    public JWTClaimsSet.Builder github(String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).audience(audience)
                .subject("repo:octo-org/app:ref:refs/heads/main").jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(5))).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("repository", "octo-org/app").claim("repository_id", "456789")
                .claim("repository_owner", "octo-org").claim("repository_owner_id", "123456")
                .claim("ref", "refs/heads/main").claim("run_id", "9001").claim("event_name", "push")
                .claim("runner_environment", "github-hosted");
    }

    /** GitLab-style claims: ids and booleans as strings. */
    public JWTClaimsSet.Builder gitlab(String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).audience(audience)
                .subject("project_path:grp/proj:ref_type:branch:ref:main").jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(5))).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("project_id", "20").claim("namespace_id", "7").claim("project_path", "grp/proj")
                .claim("pipeline_id", "555").claim("ref", "main").claim("ref_protected", "true");
    }

    public String rs256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, rsa.getKeyID(), claims, rsa);
    }

    public String es256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.ES256, ec.getKeyID(), claims, ec);
    }

    /** Signed by a key the JWKS does not publish, under a kid nobody knows. */
    public String unknownKid(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, stranger.getKeyID(), claims, stranger);
    }

    /** The classic confusion attack: HS256 keyed with the issuer's RSA public key bytes. */
    public String hs256WithPublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 over an exact JSON payload (for claim values JWTClaimsSet would not produce: nulls, huge numbers). */
    public String rs256Json(String payload) {
        try {
            com.nimbusds.jose.JWSObject o = new com.nimbusds.jose.JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(rsa.getKeyID()).type(JOSEObjectType.JWT).build(), new com.nimbusds.jose.Payload(payload));
            o.sign(new RSASSASigner(rsa));
            return o.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static String sign(JWSAlgorithm alg, String kid, JWTClaimsSet claims, Object key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> claimsOf(JWTClaimsSet c) {
        return c.toJSONObject();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
