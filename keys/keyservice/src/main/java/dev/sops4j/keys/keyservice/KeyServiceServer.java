package dev.sops4j.keys.keyservice;

import com.google.protobuf.ByteString;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KeySources;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.keys.keyservice.proto.DecryptRequest;
import dev.sops4j.keys.keyservice.proto.DecryptResponse;
import dev.sops4j.keys.keyservice.proto.EncryptRequest;
import dev.sops4j.keys.keyservice.proto.EncryptResponse;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * {@code sops4j keyservice}: sops' {@code KeyService} answered with this process's key sources. The protocol has no
 * authentication and no transport encryption: bind it to loopback or a unix socket (docs/keyservice.md).
 */
public final class KeyServiceServer implements AutoCloseable {
    private final Server server;
    private final Endpoint endpoint;

    private KeyServiceServer(Server server, Endpoint endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * Starts serving {@code sources} on {@code network}/{@code address}; {@code log} gets one line per request
     * (the key and the outcome, never key material).
     */
    public static KeyServiceServer start(String network, String address, KeySources sources, Consumer<String> log) {
        Endpoint endpoint = new Endpoint(network, address);
        if (endpoint.unix() && java.nio.file.Files.exists(endpoint.socketPath(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // as Go's net.Listen: never take over a socket (or a file) that is already there
            throw new dev.sops4j.core.error.UsageException("Error: cannot listen on " + endpoint + ": address already in"
                    + " use (remove " + endpoint.address() + " if no key service runs there)");
        }
        Server server = Transports.server(endpoint, service(sources, log));
        try {
            server.start();
        } catch (IOException e) {
            throw new dev.sops4j.core.error.UsageException("Error: cannot listen on " + endpoint
                    + ": " + rootMessage(e));
        }
        return new KeyServiceServer(server, endpoint);
    }

    /** What the server listens on; for tcp with port 0, the port that was picked. */
    public String listening() {
        if (endpoint.unix()) {
            return endpoint.toString();
        }
        java.net.SocketAddress a = server.getListenSockets().get(0);
        return "tcp://" + (a instanceof java.net.InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : a);
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdownNow();
        if (endpoint.unix()) {
            try {
                java.nio.file.Files.deleteIfExists(endpoint.socketPath());
            } catch (IOException ignored) {
                // a stale socket file is harmless: the next start reports it
            }
        }
    }

    private static ServerServiceDefinition service(KeySources sources, Consumer<String> log) {
        return ServerServiceDefinition.builder(KeyServiceMethods.SERVICE)
                .addMethod(KeyServiceMethods.ENCRYPT, ServerCalls.asyncUnaryCall(
                        (EncryptRequest req, StreamObserver<EncryptResponse> out) -> answer(out, log, "encrypt", () -> {
                            KeyRef ref = KeyMessages.fromMessage(req.getKey());
                            try (SecretBytes plain = SecretBytes.wrap(req.getPlaintext().toByteArray())) {
                                KeyRef wrapped = sources.wrap(ref, plain);
                                return describe(ref, EncryptResponse.newBuilder()
                                        .setCiphertext(ByteString.copyFrom(wrapped.enc(), StandardCharsets.UTF_8))
                                        .build());
                            }
                        })))
                .addMethod(KeyServiceMethods.DECRYPT, ServerCalls.asyncUnaryCall(
                        (DecryptRequest req, StreamObserver<DecryptResponse> out) -> answer(out, log, "decrypt", () -> {
                            KeyRef ref = KeyMessages.fromMessage(req.getKey())
                                    .withEnc(req.getCiphertext().toString(StandardCharsets.UTF_8));
                            try (SecretBytes plain = sources.unwrap(ref)) {
                                byte[] bytes = plain.copy();
                                try {
                                    return describe(ref, DecryptResponse.newBuilder()
                                            .setPlaintext(ByteString.copyFrom(bytes)).build());
                                } finally {
                                    java.util.Arrays.fill(bytes, (byte) 0);
                                }
                            }
                        })))
                .build();
    }

    private record Described<T>(String key, T response) {
    }

    private static <T> Described<T> describe(KeyRef ref, T response) {
        return new Described<>(ref.type() + " " + ref.describe(), response);
    }

    private static <T> void answer(StreamObserver<T> out, Consumer<String> log, String op,
            java.util.function.Supplier<Described<T>> work) {
        Described<T> result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.accept(op + " failed: " + msg);
            out.onError(Status.UNKNOWN.withDescription(msg).asRuntimeException());
            return;
        }
        log.accept(op + " with " + result.key() + ": ok");
        out.onNext(result.response());
        out.onCompleted();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
