package dev.sops4j.keys.hckms;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HuaweiCloud's AK/SK request signing ({@code SDK-HMAC-SHA256}), written from its published algorithm: a canonical
 * request (method, URI path with a trailing {@code /}, sorted query, sorted lower-case signed headers, SHA-256 of
 * the body), a string to sign ({@code SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of the canonical request>}) and
 * {@code Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex hmac>}.
 */
public final class AkSkSigner {
    public static final String ALGORITHM = "SDK-HMAC-SHA256";

    private AkSkSigner() {
    }

    /** The canonical request for {@code headers} (names as sent; all of them are signed). */
    public static String canonicalRequest(String method, URI uri, Map<String, String> headers, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder canonicalPath = new StringBuilder();
        for (String seg : path.split("/", -1)) {
            if (canonicalPath.length() > 0 || !seg.isEmpty()) {
                canonicalPath.append('/');
            }
            canonicalPath.append(encode(decode(seg)));
        }
        String p = canonicalPath.length() == 0 ? "/" : canonicalPath.toString();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        TreeMap<String, String> query = new TreeMap<>();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : kv.substring(eq + 1);
                query.put(encode(decode(k)), encode(decode(v)));
            }
        }
        List<String> q = new ArrayList<>();
        query.forEach((k, v) -> q.add(k + "=" + v));
        TreeMap<String, String> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.strip()));
        StringBuilder ch = new StringBuilder();
        h.forEach((k, v) -> ch.append(k).append(':').append(v).append('\n'));
        return method + "\n" + p + "\n" + String.join("&", q) + "\n" + ch + "\n" + signedHeaders(headers) + "\n"
                + hex(sha256(body));
    }

    public static String signedHeaders(Map<String, String> headers) {
        TreeMap<String, String> h = new TreeMap<>();
        headers.keySet().forEach(k -> h.put(k.toLowerCase(Locale.ROOT), k));
        return String.join(";", h.keySet());
    }

    public static String stringToSign(String sdkDate, String canonicalRequest) {
        return ALGORITHM + "\n" + sdkDate + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    public static String signature(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code Authorization} header value for a request carrying {@code headers} (including X-Sdk-Date). */
    public static String authorization(String accessKey, String secretKey, String method, URI uri,
            Map<String, String> headers, byte[] body, String sdkDate) {
        String sig = signature(secretKey, stringToSign(sdkDate, canonicalRequest(method, uri, headers, body)));
        return ALGORITHM + " Access=" + accessKey + ", SignedHeaders=" + signedHeaders(headers) + ", Signature=" + sig;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
