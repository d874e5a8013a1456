package dev.sops4j.keys.keyservice;

import dev.sops4j.core.keys.KeyService;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for {@code --keyservice}: one {@link KeyService} per address, in the order given. The only class
 * of this module a client names, so gRPC loads only when a key service is used.
 */
public final class KeyServiceClients {
    private KeyServiceClients() {
    }

    /** {@code tcp://host:port} or {@code unix:///path} each; a malformed address is a usage error. */
    public static List<KeyService> connect(List<String> addresses) {
        List<KeyService> out = new ArrayList<>(addresses.size());
        for (String a : addresses) {
            out.add(new GrpcKeyService(a));
        }
        return out;
    }
}
