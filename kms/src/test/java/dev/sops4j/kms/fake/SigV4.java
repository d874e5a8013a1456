package dev.sops4j.kms.fake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on a request the way AWS front ends do: rebuilds the canonical request from the
 * signed headers and body, derives the signing key from the caller's secret and compares signatures. Used by the
 * fake servers so that tests prove the SDK signed with the credentials we expect (user keys, assumed-role keys).
 */
final class SigV4 {
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?"
                    + "SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    /** Who signed, and for which region and service (the credential scope). */
    record Caller(FakeAwsAccount.Identity identity, String region, String service) {
    }

    /** Why a request was rejected; {@code kind} selects the service-specific error code. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final Kind kind;

        Rejected(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    enum Kind { MISSING, MALFORMED, UNKNOWN_KEY, BAD_TOKEN, BAD_SIGNATURE }

    private SigV4() {
    }

    static Caller verify(LoopbackHttp.Request ex, FakeAwsAccount account, String service) throws Rejected {
        String auth = ex.header("authorization");
        if (auth == null) {
            throw new Rejected(Kind.MISSING, "Missing Authentication Token");
        }
        Matcher m = AUTH.matcher(auth);
        if (!m.matches()) {
            throw new Rejected(Kind.MALFORMED, "Authorization header is not a SigV4 signature: " + auth);
        }
        String keyId = m.group(1);
        String date = m.group(2);
        String region = m.group(3);
        String scopeService = m.group(4);
        String[] signed = m.group(5).split(";");
        String signature = m.group(6);
        if (!service.equals(scopeService)) {
            throw new Rejected(Kind.MALFORMED, "Credential should be scoped to correct service: '" + service + "'.");
        }
        FakeAwsAccount.Identity id = account.lookup(keyId).orElseThrow(() ->
                new Rejected(Kind.UNKNOWN_KEY, "The security token included in the request is invalid."));
        String token = ex.header("x-amz-security-token");
        if (!id.sessionToken().equals(token == null ? "" : token)) {
            throw new Rejected(Kind.BAD_TOKEN, "The security token included in the request is invalid.");
        }
        String amzDate = ex.header("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(date)) {
            throw new Rejected(Kind.MALFORMED, "X-Amz-Date missing or not matching the credential scope");
        }
        String canonical = canonicalRequest(ex, signed);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(bytes(canonical)));
        byte[] key = hmac(bytes("AWS4" + id.secretAccessKey()), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        if (!MessageDigest.isEqual(bytes(expected), bytes(signature))) {
            throw new Rejected(Kind.BAD_SIGNATURE, "The request signature we calculated does not match the "
                    + "signature you provided.");
        }
        return new Caller(id, region, service);
    }

    private static String canonicalRequest(LoopbackHttp.Request ex, String[] signedHeaders) {
        Map<String, List<String>> lower = ex.headers();
        StringBuilder headers = new StringBuilder();
        for (String h : signedHeaders) {
            List<String> values = lower.getOrDefault(h, List.of());
            List<String> cleaned = new ArrayList<>();
            values.forEach(v -> cleaned.add(v.trim().replaceAll(" +", " ")));
            headers.append(h).append(':').append(String.join(",", cleaned)).append('\n');
        }
        String path = ex.rawPath();
        String query = ex.rawQuery();
        String payloadHash = ex.header("x-amz-content-sha256");
        if (payloadHash == null) {
            payloadHash = hex(sha256(ex.body()));
        }
        return ex.method() + "\n" + (path == null || path.isEmpty() ? "/" : path) + "\n"
                + canonicalQuery(query) + "\n" + headers + "\n" + String.join(";", signedHeaders) + "\n" + payloadHash;
    }

    private static String canonicalQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>(List.of(raw.split("&")));
        parts.replaceAll(p -> p.contains("=") ? p : p + "=");
        parts.sort(null);
        return String.join("&", parts);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
