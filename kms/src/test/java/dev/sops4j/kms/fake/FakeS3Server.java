package dev.sops4j.kms.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback stand-in for Amazon S3 (path-style addressing, what {@code AWS_ENDPOINT_URL_S3} points the SDK at):
 * {@code PUT /<bucket>/<key>} signed with SigV4 for service {@code s3} by an identity of the fake account, bodies
 * plain or {@code aws-chunked}, and S3's XML errors ({@code NoSuchBucket} 404, {@code InvalidAccessKeyId} and
 * {@code SignatureDoesNotMatch} 403).
 */
public final class FakeS3Server implements AutoCloseable {
    private final LoopbackHttp http;
    private final FakeAwsAccount account;
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    private FakeS3Server(FakeAwsAccount account) throws IOException {
        this.account = account;
        this.http = new LoopbackHttp("fake-s3", this::handle);
    }

    public static FakeS3Server start(FakeAwsAccount account) throws IOException {
        return new FakeS3Server(account);
    }

    public URI endpoint() {
        return http.endpoint();
    }

    public FakeS3Server bucket(String name) {
        buckets.add(name);
        return this;
    }

    public Optional<byte[]> object(String bucket, String key) {
        return Optional.ofNullable(objects.get(bucket + "/" + key));
    }

    private LoopbackHttp.Response handle(LoopbackHttp.Request req) {
        try {
            SigV4.verify(req, account, "s3");
        } catch (SigV4.Rejected r) {
            String code = switch (r.kind) {
                case UNKNOWN_KEY, BAD_TOKEN -> "InvalidAccessKeyId";
                case BAD_SIGNATURE -> "SignatureDoesNotMatch";
                default -> "AccessDenied";
            };
            return error(403, code, r.getMessage());
        }
        String path = req.rawPath();
        int slash = path.indexOf('/', 1);
        if (!req.method().equals("PUT") || slash < 0) {
            return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
        String bucket = path.substring(1, slash);
        String key = URLDecoder.decode(path.substring(slash + 1), StandardCharsets.UTF_8);
        if (!buckets.contains(bucket)) {
            return error(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        String sha = req.header("x-amz-content-sha256");
        byte[] body = sha != null && sha.startsWith("STREAMING-") ? dechunk(req.body()) : req.body();
        objects.put(bucket + "/" + key, body);
        return new LoopbackHttp.Response(200, Map.of("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(body))
                + "\""), new byte[0]);
    }

    /** aws-chunked: {@code <hex size>;chunk-signature=...\r\n<data>\r\n} ... {@code 0;...\r\n} [trailers]. */
    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int eol = i;
            while (eol + 1 < in.length && !(in[eol] == '\r' && in[eol + 1] == '\n')) {
                eol++;
            }
            String header = new String(in, i, eol - i, StandardCharsets.US_ASCII);
            int semi = header.indexOf(';');
            int size = Integer.parseInt(semi < 0 ? header.trim() : header.substring(0, semi).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(in, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static LoopbackHttp.Response error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
        return new LoopbackHttp.Response(status, Map.of("Content-Type", "application/xml"),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        http.close();
    }
}
