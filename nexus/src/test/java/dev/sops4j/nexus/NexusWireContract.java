package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spiffe.provider.SpiffeKeyManager;
import io.spiffe.provider.SpiffeTrustManager;
import io.spiffe.workloadapi.X509Source;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * SPIKE Nexus's answers byte for byte, seen with a plain HTTP client (no sops4j code on the client side). Runs
 * against the real SPIKE Nexus 0.8.2 ({@link RealNexusWireTest}) and the fake ({@link FakeNexusWireTest}), so the
 * fake is held to what the real server does. Every test uses its own paths and policy names: the real server's
 * state is shared by the whole class.
 */
abstract class NexusWireContract {
    static final String ZERO = "0001-01-01T00:00:00Z";
    static final String ZERO_METADATA = "\"metadata\":{\"currentVersion\":0,\"oldestVersion\":0,\"createdTime\":\""
            + ZERO + "\",\"updatedTime\":\"" + ZERO + "\",\"maxVersions\":0}";
    static final String ZERO_POLICY = "{\"id\":\"\",\"name\":\"\",\"spiffiedPattern\":\"\",\"pathPattern\":\"\","
            + "\"permissions\":null,\"createdAt\":\"" + ZERO + "\",\"updatedAt\":\"" + ZERO + "\",";

    /** The ready Nexus's base URL. */
    abstract URI url();

    /** A Nexus that is not initialised (answers 503 state_not_ready). */
    abstract URI notReadyUrl();

    /** The Pilot superuser's SVID, trusted by {@link #url()}. */
    abstract X509Source superuser();

    /** The Pilot superuser's SVID for {@link #notReadyUrl()}. */
    abstract X509Source notReadySuperuser();

    /** An SVID no policy grants anything. */
    abstract X509Source stranger();

    static HttpClient http(X509Source source, boolean presentCert) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(presentCert ? new KeyManager[] {new SpiffeKeyManager(source)} : new KeyManager[0],
                    new TrustManager[] {new SpiffeTrustManager(source)}, null);
            return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(HttpClient c, URI base, String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        return send(http(superuser(), true), url(), "POST", pathAndQuery, body);
    }

    static void assertAnswer(int status, String body, HttpResponse<String> r) {
        assertEquals(status + " " + body, r.statusCode() + " " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void errorBodiesAreTheWholeResponseWithZeroValues() throws Exception {
        assertAnswer(200, "{}", post("/v1/store/secrets", "{\"path\":\"wire/err/a\",\"values\":{\"k\":\"v\"}}"));
        assertAnswer(404, "{\"data\":null,\"err\":\"api_not_found\"}",
                post("/v1/store/secrets?action=get", "{\"path\":\"wire/err/absent\"}"));
        assertAnswer(404, "{" + ZERO_METADATA + ",\"err\":\"api_not_found\"}",
                post("/v1/store/secrets/metadata?action=get", "{\"path\":\"wire/err/absent\"}"));
        assertAnswer(400, "{\"data\":null,\"err\":\"api_bad_request\"}",
                post("/v1/store/secrets?action=get", "{not json"));
        assertAnswer(400, "{\"keys\":null,\"err\":\"api_bad_request\"}", post("/v1/store/secrets?action=list", "{x"));
        assertAnswer(404, "{\"err\":\"api_not_found\"}",
                post("/v1/store/secrets?action=delete", "{\"path\":\"wire/err/absent\"}"));
        assertAnswer(400, "{\"err\":\"api_bad_request\"}",
                post("/v1/store/secrets", "{\"path\":\"wire:err\",\"values\":{\"k\":\"v\"}}"));
        HttpClient s = http(stranger(), true);
        assertAnswer(401, "{\"data\":null,\"err\":\"access_unauthorized\"}",
                send(s, url(), "POST", "/v1/store/secrets?action=get", "{\"path\":\"wire/err/a\"}"));
        assertAnswer(401, "{\"keys\":null,\"err\":\"access_unauthorized\"}",
                send(s, url(), "POST", "/v1/store/secrets?action=list", "{}"));
        assertAnswer(401, "{" + ZERO_METADATA + ",\"err\":\"access_unauthorized\"}",
                send(s, url(), "POST", "/v1/store/secrets/metadata?action=get", "{\"path\":\"wire/err/a\"}"));
        assertAnswer(401, "{\"err\":\"access_unauthorized\"}",
                send(s, url(), "POST", "/v1/store/secrets", "{\"path\":\"wire/err/a\",\"values\":{\"k\":\"v\"}}"));
        assertAnswer(401, "{\"policies\":null,\"err\":\"access_unauthorized\"}",
                send(s, url(), "POST", "/v1/acl/policy?action=list", "{}"));
        assertAnswer(401, ZERO_POLICY + "\"err\":\"access_unauthorized\"}",
                send(s, url(), "POST", "/v1/acl/policy?action=get", "{\"id\":\"wire\"}"));
    }

    @Test
    void unknownRoutesAndOtherMethodsAreBadRequests() throws Exception {
        assertAnswer(400, "{\"err\":\"api_bad_request\"}", post("/v1/nope", "{}"));
        assertAnswer(400, "{\"err\":\"api_bad_request\"}", post("/v1/store/secrets?action=metadata", "{}"));
        var get = send(http(superuser(), true), url(), "GET", "/v1/store/secrets?action=get", "");
        assertEquals("400 {\"err\":\"api_bad_request\"}", get.statusCode() + " " + get.body());
    }

    @Test
    void aMissingPolicyIsAnInternalError() throws Exception {
        assertAnswer(500, ZERO_POLICY + "\"err\":\"api_internal_error\"}",
                post("/v1/acl/policy?action=get", "{\"id\":\"wire missing\"}"));
        assertAnswer(500, "{\"err\":\"api_internal_error\"}",
                post("/v1/acl/policy?action=delete", "{\"id\":\"wire missing\"}"));
    }

    @Test
    void policyPatternsOutsideTheAlphabetAre400AndUncompilableOrReservedOnes500() throws Exception {
        String put = "{\"name\":\"wire pattern\",\"spiffeidPattern\":\"%s\",\"pathPattern\":\"%s\","
                + "\"permissions\":[\"read\"]}";
        assertAnswer(400, "{\"err\":\"api_bad_request\"}",
                post("/v1/acl/policy", put.formatted("^spiffe://a/b@$", "^a$")));
        assertAnswer(400, "{\"err\":\"api_bad_request\"}",
                post("/v1/acl/policy", put.formatted("^spiffe://a/b$", "^a b$")));
        for (String[] p : new String[][] {{"^spiffe://a/b(($", "^a$"}, {"^spiffe://a/b$", "^a(($"},
                {"^spiffe://a/b$", "spike"}, {"^spiffe://a/b$", "spike/"}}) {
            assertAnswer(500, "{\"err\":\"api_internal_error\"}", post("/v1/acl/policy", put.formatted(p[0], p[1])));
        }
        for (String fine : new String[] {"^spike/x$", "a/spike/b", "^spike/system/secret$"}) {
            assertAnswer(200, "{}", post("/v1/acl/policy", put.formatted("^spiffe://a/b$", fine)));
        }
        assertAnswer(200, "{}", post("/v1/acl/policy?action=delete", "{\"id\":\"wire pattern\"}"));
    }

    @Test
    void policyListFiltersCompareExactlyAndTheIdFilterWins() throws Exception {
        assertAnswer(200, "{}", post("/v1/acl/policy", "{\"name\":\"wire list\",\"spiffeidPattern\":"
                + "\"^spiffe://wire/list$\",\"pathPattern\":\"^wire/list$\",\"permissions\":[\"read\"]}"));
        String one = "{\"policies\":[{\"id\":\"\",\"name\":\"wire list\"}]}";
        assertAnswer(200, "{\"policies\":[]}",
                post("/v1/acl/policy?action=list", "{\"spiffeidPattern\":\"a\",\"pathPattern\":\"b\"}"));
        assertAnswer(200, one, post("/v1/acl/policy?action=list",
                "{\"spiffeidPattern\":\"^spiffe://wire/list$\",\"pathPattern\":\"\"}"));
        assertAnswer(200, one, post("/v1/acl/policy?action=list",
                "{\"spiffeidPattern\":\"^spiffe://wire/list$\",\"pathPattern\":\"nope\"}"));
        assertAnswer(200, one, post("/v1/acl/policy?action=list",
                "{\"spiffeidPattern\":\"\",\"pathPattern\":\"^wire/list$\"}"));
        assertAnswer(200, "{\"policies\":[]}", post("/v1/acl/policy?action=list",
                "{\"spiffeidPattern\":\"^spiffe://wire/list\",\"pathPattern\":\"\"}"));
        assertAnswer(200, "{}", post("/v1/acl/policy?action=delete", "{\"id\":\"wire list\"}"));
    }

    @Test
    void aPutWithoutValuesStoresAnEmptyVersion() throws Exception {
        assertAnswer(200, "{}", post("/v1/store/secrets", "{\"path\":\"wire/empty/a\"}"));
        assertAnswer(200, "{\"data\":{}}", post("/v1/store/secrets?action=get", "{\"path\":\"wire/empty/a\"}"));
        assertAnswer(200, "{}", post("/v1/store/secrets", "{\"path\":\"wire/empty/b\",\"values\":{}}"));
        assertAnswer(200, "{\"data\":{}}", post("/v1/store/secrets?action=get", "{\"path\":\"wire/empty/b\"}"));
    }

    @Test
    void pathsAreStoredExactlyAsGiven() throws Exception {
        assertAnswer(200, "{}", post("/v1/store/secrets", "{\"path\":\"/wire/exact\",\"values\":{\"k\":\"slash\"}}"));
        assertAnswer(404, "{\"data\":null,\"err\":\"api_not_found\"}",
                post("/v1/store/secrets?action=get", "{\"path\":\"wire/exact\"}"));
        assertAnswer(200, "{}", post("/v1/store/secrets", "{\"path\":\"wire/exact\",\"values\":{\"k\":\"plain\"}}"));
        assertAnswer(200, "{\"data\":{\"k\":\"slash\"}}",
                post("/v1/store/secrets?action=get", "{\"path\":\"/wire/exact\"}"));
        assertAnswer(200, "{\"data\":{\"k\":\"plain\"}}",
                post("/v1/store/secrets?action=get", "{\"path\":\"wire/exact\"}"));
    }

    @Test
    void negativeAndMissingVersionsAreNotFoundAndUndeleteIsNotIdempotent() throws Exception {
        assertAnswer(200, "{}", post("/v1/store/secrets", "{\"path\":\"wire/versions\",\"values\":{\"k\":\"1\"}}"));
        for (int v : new int[] {-1, 2, 7}) {
            assertAnswer(404, "{\"data\":null,\"err\":\"api_not_found\"}", post("/v1/store/secrets?action=get",
                    "{\"path\":\"wire/versions\",\"version\":" + v + "}"));
        }
        assertAnswer(404, "{\"err\":\"api_not_found\"}",
                post("/v1/store/secrets?action=undelete", "{\"path\":\"wire/versions\",\"versions\":[1]}"));
        assertAnswer(200, "{}", post("/v1/store/secrets?action=delete", "{\"path\":\"wire/versions\",\"versions\":[1]}"));
        assertAnswer(200, "{}", post("/v1/store/secrets?action=delete", "{\"path\":\"wire/versions\",\"versions\":[1]}"));
        assertAnswer(404, "{" + ZERO_METADATA + ",\"err\":\"api_not_found\"}",
                post("/v1/store/secrets/metadata?action=get", "{\"path\":\"wire/versions\"}"));
        assertAnswer(200, "{}",
                post("/v1/store/secrets?action=undelete", "{\"path\":\"wire/versions\",\"versions\":[1]}"));
        assertAnswer(404, "{\"err\":\"api_not_found\"}",
                post("/v1/store/secrets?action=undelete", "{\"path\":\"wire/versions\",\"versions\":[1]}"));
    }

    @Test
    void aMissingClientCertificateIsRefusedInTheHandshake() {
        assertThrows(IOException.class,
                () -> send(http(superuser(), false), url(), "POST", "/v1/store/secrets?action=list", "{}"));
    }

    @Test
    void whileNotReadyEveryPostIs503() throws Exception {
        HttpClient c = http(notReadySuperuser(), true);
        for (String[] r : new String[][] {{"/v1/store/secrets?action=get", "{\"path\":\"a\"}"}, {"/v1/nope", "{}"},
                {"/v1/store/secrets?action=bogus", "{}"}, {"/v1/acl/policy?action=get", "{\"id\":\"x\"}"},
                {"/v1/store/secrets?action=get", "{bad"}}) {
            assertAnswer(503, "{\"err\":\"state_not_ready\"}", send(c, notReadyUrl(), "POST", r[0], r[1]));
        }
        var get = send(c, notReadyUrl(), "GET", "/v1/store/secrets", "");
        assertEquals("400 {\"err\":\"api_bad_request\"}", get.statusCode() + " " + get.body());
    }
}
