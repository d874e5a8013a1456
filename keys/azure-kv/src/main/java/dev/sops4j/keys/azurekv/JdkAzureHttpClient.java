package dev.sops4j.keys.azurekv;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An azure-core {@link HttpClient} on the JDK HTTP client, for azure-identity's token requests (the official
 * {@code azure-core-http-jdk-httpclient} does not resolve from this build's repository). Bodies are buffered: token
 * answers are small.
 */
final class JdkAzureHttpClient implements HttpClient {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30)).build();

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> sendNow(request));
    }

    private HttpResponse sendNow(HttpRequest request) throws IOException, InterruptedException, URISyntaxException {
        BinaryData body = request.getBodyAsBinaryData();
        byte[] bytes = body == null ? new byte[0] : body.toBytes();
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(request.getUrl().toURI())
                .timeout(Duration.ofSeconds(60))
                .method(request.getHttpMethod().name(), bytes.length == 0
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes));
        request.getHeaders().forEach(h -> {
            if (!RESTRICTED.contains(h.getName().toLowerCase(java.util.Locale.ROOT))) {
                for (String v : h.getValuesList()) {
                    b.header(h.getName(), v);
                }
            }
        });
        java.net.http.HttpResponse<byte[]> r = http.send(b.build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        HttpHeaders headers = new HttpHeaders();
        for (Map.Entry<String, List<String>> e : r.headers().map().entrySet()) {
            headers.set(e.getKey(), e.getValue());
        }
        return new Buffered(request, r.statusCode(), headers, r.body());
    }

    private static final class Buffered extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;

        Buffered(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
            super(request);
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public String getHeaderValue(String name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.just(ByteBuffer.wrap(body));
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(body);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just(new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just(new String(body, charset));
        }
    }
}
