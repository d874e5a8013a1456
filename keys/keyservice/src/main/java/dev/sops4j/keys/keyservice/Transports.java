package dev.sops4j.keys.keyservice;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

/**
 * gRPC over plaintext TCP or a unix domain socket (Netty's epoll transport, bundled in grpc-netty-shaded), the two
 * networks sops' key service speaks. Event loop threads are daemons: a CLI run never waits for them.
 */
final class Transports {
    /** Netty warns that unix sockets have no SO_KEEPALIVE (gRPC sets it on every channel); held so it stays quiet. */
    private static final java.util.logging.Logger BOOTSTRAP =
            java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

    private Transports() {
    }

    private static void quiet() {
        BOOTSTRAP.setLevel(java.util.logging.Level.SEVERE);
    }

    static ManagedChannel channel(Endpoint endpoint) {
        NettyChannelBuilder b;
        quiet();
        if (endpoint.unix()) {
            b = NettyChannelBuilder.forAddress(new DomainSocketAddress(endpoint.address()))
                    .eventLoopGroup(epollGroup("sops4j-keyservice-client"))
                    .channelType(EpollDomainSocketChannel.class);
        } else {
            b = NettyChannelBuilder.forAddress(endpoint.tcpAddress());
        }
        return b.usePlaintext().build();
    }

    static Server server(Endpoint endpoint, ServerServiceDefinition service) {
        NettyServerBuilder b;
        quiet();
        if (endpoint.unix()) {
            EventLoopGroup group = epollGroup("sops4j-keyservice");
            b = NettyServerBuilder.forAddress(new DomainSocketAddress(endpoint.address()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(group)
                    .workerEventLoopGroup(group);
        } else {
            b = NettyServerBuilder.forAddress(endpoint.tcpAddress());
        }
        return b.addService(service).build();
    }

    private static EventLoopGroup epollGroup(String name) {
        return new EpollEventLoopGroup(1, new DefaultThreadFactory(name, true));
    }
}
