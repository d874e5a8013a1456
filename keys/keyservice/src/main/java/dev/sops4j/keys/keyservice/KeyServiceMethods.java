package dev.sops4j.keys.keyservice;

import dev.sops4j.keys.keyservice.proto.DecryptRequest;
import dev.sops4j.keys.keyservice.proto.DecryptResponse;
import dev.sops4j.keys.keyservice.proto.EncryptRequest;
import dev.sops4j.keys.keyservice.proto.EncryptResponse;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * The two unary methods of sops' {@code KeyService} (the .proto has no package, so the full names are
 * {@code KeyService/Encrypt} and {@code KeyService/Decrypt}), marshalled with the protoc-generated messages.
 */
final class KeyServiceMethods {
    static final String SERVICE = "KeyService";

    static final MethodDescriptor<EncryptRequest, EncryptResponse> ENCRYPT =
            MethodDescriptor.<EncryptRequest, EncryptResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Encrypt"))
                    .setRequestMarshaller(ProtoUtils.marshaller(EncryptRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(EncryptResponse.getDefaultInstance()))
                    .build();

    static final MethodDescriptor<DecryptRequest, DecryptResponse> DECRYPT =
            MethodDescriptor.<DecryptRequest, DecryptResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Decrypt"))
                    .setRequestMarshaller(ProtoUtils.marshaller(DecryptRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(DecryptResponse.getDefaultInstance()))
                    .build();

    private KeyServiceMethods() {
    }
}
