package dev.sops4j.keys.keyservice;

import dev.sops4j.core.error.UsageException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * Where a key service listens: {@code tcp} host:port or a {@code unix} socket path, as sops' {@code --keyservice}
 * URIs ({@code tcp://host:port}, {@code unix:///path}) and {@code keyservice --network/--address} name them.
 */
public record Endpoint(String network, String address) {
    public Endpoint {
        if (!network.equals("tcp") && !network.equals("unix")) {
            throw new UsageException("Error: unsupported key service network '" + network + "' (use tcp or unix)");
        }
    }

    /** Parses {@code tcp://host:port} or {@code unix:///path}. */
    public static Endpoint parse(String uri) {
        int sep = uri.indexOf("://");
        if (sep < 0) {
            throw new UsageException("Error: invalid key service address '" + uri
                    + "' (expected tcp://host:port or unix:///path)");
        }
        return new Endpoint(uri.substring(0, sep), uri.substring(sep + 3));
    }

    public boolean unix() {
        return network.equals("unix");
    }

    public SocketAddress tcpAddress() {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("Error: key service address '" + address + "' has no port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host,
                    Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Error: invalid key service address '" + address + "'");
        }
    }

    public Path socketPath() {
        return Path.of(address);
    }

    @Override
    public String toString() {
        return network + "://" + address;
    }
}
