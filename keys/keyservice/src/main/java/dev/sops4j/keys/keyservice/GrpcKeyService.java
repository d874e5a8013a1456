package dev.sops4j.keys.keyservice;

import com.google.protobuf.ByteString;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KeyService;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.keys.keyservice.proto.DecryptRequest;
import dev.sops4j.keys.keyservice.proto.EncryptRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A remote sops key service ({@code sops keyservice} or {@code sops4j keyservice}): the wrapped key travels as the
 * file stores it ({@code enc}), the data key as raw bytes. The connection is made on first use.
 */
final class GrpcKeyService implements KeyService {
    private static final long DEADLINE_SECONDS = 60;
    private final Endpoint endpoint;
    private final String address;
    private ManagedChannel channel;

    GrpcKeyService(String address) {
        this.address = address;
        this.endpoint = Endpoint.parse(address);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public KeyRef wrap(KeyRef ref, SecretBytes secret) {
        byte[] plain = secret.copy();
        EncryptRequest req;
        try {
            req = EncryptRequest.newBuilder().setKey(KeyMessages.toMessage(ref))
                    .setPlaintext(ByteString.copyFrom(plain)).build();
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
        try {
            byte[] enc = ClientCalls.blockingUnaryCall(channel(), KeyServiceMethods.ENCRYPT, options(), req)
                    .getCiphertext().toByteArray();
            return ref.withEnc(new String(enc, StandardCharsets.UTF_8));
        } catch (StatusRuntimeException e) {
            // sops: "Could not generate data key" exits 1, not 128
            throw new KeySourceException(ExitCode.GENERIC, "could not encrypt data key with " + ref.type() + " key "
                    + ref.describe() + " through " + reason(e), null);
        }
    }

    @Override
    public SecretBytes unwrap(KeyRef ref) {
        DecryptRequest req = DecryptRequest.newBuilder().setKey(KeyMessages.toMessage(ref))
                .setCiphertext(ByteString.copyFrom(ref.enc(), StandardCharsets.UTF_8)).build();
        try {
            return SecretBytes.wrap(ClientCalls.blockingUnaryCall(channel(), KeyServiceMethods.DECRYPT, options(), req)
                    .getPlaintext().toByteArray());
        } catch (StatusRuntimeException e) {
            throw new KeySourceException(reason(e));
        }
    }

    private static CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * One line naming the address and gRPC's status (and the transport's cause, e.g. connection refused); never the
     * request (it carries key material).
     */
    private String reason(StatusRuntimeException e) {
        StringBuilder why = new StringBuilder("key service " + address + ": " + e.getStatus().getCode());
        if (e.getStatus().getDescription() != null) {
            why.append(": ").append(e.getStatus().getDescription());
        }
        Throwable cause = e.getStatus().getCause();
        if (cause != null && cause.getMessage() != null) {
            why.append(" (").append(cause.getMessage()).append(')');
        }
        return why.toString().replace('\n', ' ');
    }

    private synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = Transports.channel(endpoint);
        }
        return channel;
    }
}
