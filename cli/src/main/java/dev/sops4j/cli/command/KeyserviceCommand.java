package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.Wiring;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.store.StoreSettings;
import dev.sops4j.keys.keyservice.KeyServiceServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keyservice}: serves sops' gRPC KeyService with this machine's key sources until stopped. The protocol has
 * no authentication or transport encryption, so a non-loopback address gets a warning (docs/keyservice.md).
 */
@Command(name = "keyservice", description = "Start a SOPS key service server (sops' gRPC KeyService) with the local keys.")
public final class KeyserviceCommand extends BaseCommand {
    @Option(names = {"--network", "--net"}, paramLabel = "NET", defaultValue = "tcp",
            description = "Network to listen on, 'tcp' or 'unix' (default: tcp).")
    String network;

    @Option(names = {"--address", "--addr"}, paramLabel = "ADDR", defaultValue = "127.0.0.1:5000",
            description = "Address to listen on, e.g. '127.0.0.1:5000' or '/tmp/sops.sock' (default: 127.0.0.1:5000).")
    String address;

    @Option(names = "--prompt", description = "Not supported by sops4j (sops asks to confirm each request).")
    boolean prompt;

    public KeyserviceCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        if (prompt) {
            throw new UsageException("Error: --prompt is not supported by sops4j keyservice");
        }
        var keys = Wiring.sops(ctx.env(), StoreSettings.DEFAULTS).keySources();
        try (KeyServiceServer server = KeyServiceServer.start(network, address, keys, line -> {
            if (common.verbose) {
                synchronized (ctx.err()) {
                    ctx.err().println(line);
                }
            }
        })) {
            if (network.equals("tcp") && !loopback(address)) {
                ctx.err().println("warning: " + address + " is not a loopback address: the key service protocol has"
                        + " no authentication or encryption (see docs/keyservice.md)");
            }
            // stopped by a signal: close the listener, which also removes the unix socket file
            Thread hook = new Thread(server::close, "sops4j-keyservice-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            ctx.err().println("Listening on " + server.listening());
            ctx.err().flush();
            server.awaitTermination();
        }
        return 0;
    }

    private static boolean loopback(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return !host.isEmpty() && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
