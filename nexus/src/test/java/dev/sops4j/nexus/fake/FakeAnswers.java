package dev.sops4j.nexus.fake;

import dev.sops4j.nexus.client.Json;

/**
 * What the fake answers, byte for byte as SPIKE Nexus 0.8.2 does. Error answers of most routes are the route's
 * whole response with zero values plus {@code err} (Go marshals the zero struct): {@code {"data":null,"err":…}} for
 * a secret get, a zero policy for a policy get, and so on. Put, delete, undelete, policy put and delete, the
 * fallback for unknown routes and the not-ready answer are a bare {@code {"err":…}}.
 */
record FakeAnswers(int status, String body) {
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    static FakeAnswers ok(Object json) {
        return new FakeAnswers(200, Json.write(json));
    }

    /** A bare {@code {"err":code}}, as the fallback, the not-ready guard and the write routes answer. */
    static FakeAnswers bare(int status) {
        return new FakeAnswers(status, "{\"err\":\"" + code(status) + "\"}");
    }

    /** The error answer of route {@code pathAndAction} ({@code "/v1/store/secrets?get"}) for {@code status}. */
    static FakeAnswers error(String pathAndAction, int status) {
        String err = "\"err\":\"" + code(status) + "\"}";
        String body = switch (pathAndAction) {
            case "/v1/store/secrets?get" -> "{\"data\":null," + err;
            case "/v1/store/secrets?list" -> "{\"keys\":null," + err;
            case "/v1/store/secrets/metadata?get" -> "{\"metadata\":{\"currentVersion\":0,\"oldestVersion\":0,"
                    + "\"createdTime\":\"" + ZERO_TIME + "\",\"updatedTime\":\"" + ZERO_TIME + "\",\"maxVersions\":0},"
                    + err;
            case "/v1/acl/policy?get" -> "{\"id\":\"\",\"name\":\"\",\"spiffiedPattern\":\"\",\"pathPattern\":\"\","
                    + "\"permissions\":null,\"createdAt\":\"" + ZERO_TIME + "\",\"updatedAt\":\"" + ZERO_TIME + "\","
                    + err;
            case "/v1/acl/policy?list" -> "{\"policies\":null," + err;
            case "/v1/cipher/encrypt?" -> "{\"version\":0,\"nonce\":null,\"ciphertext\":null," + err;
            case "/v1/cipher/decrypt?" -> "{\"plaintext\":null," + err;
            default -> "{" + err;
        };
        return new FakeAnswers(status, body);
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "api_bad_request";
            case 401 -> "access_unauthorized";
            case 404 -> "api_not_found";
            case 503 -> "state_not_ready";
            default -> "api_internal_error";
        };
    }
}
