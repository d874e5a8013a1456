package dev.sops4j.gateway.cli;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.gateway.dev.DevIssuer;
import dev.sops4j.gateway.dev.DevMode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sops4j-gateway dev [--dir DIR] [--port PORT] [--host LOOPBACK]} and
 * {@code sops4j-gateway dev token --dir DIR [--repository ORG/NAME] [--ref REF] [--claim NAME=VALUE]...}.
 * The server prints its banner on standard error and only the {@code export} lines on standard output.
 */
final class DevCommand {
    private DevCommand() {
    }

    static int run(List<String> args, Environment env, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("token")) {
            return token(args.subList(1, args.size()), env, out);
        }
        Map<String, List<String>> o = options(args, List.of("--dir", "--port", "--host"));
        Path dir;
        try {
            dir = o.containsKey("--dir") ? env.workingDirectory().resolve(last(o, "--dir"))
                    : Files.createTempDirectory("sops4j-gateway-dev");
        } catch (IOException e) {
            throw new UncheckedIOException("dev mode: cannot create a directory: " + e.getMessage(), e);
        }
        int port;
        try {
            port = o.containsKey("--port") ? Integer.parseInt(last(o, "--port")) : 0;
        } catch (NumberFormatException e) {
            throw new UsageException("dev: --port must be a number");
        }
        DevMode dev = DevMode.start(dir, o.containsKey("--host") ? last(o, "--host") : "127.0.0.1", port);
        err.println(DevMode.BANNER);
        err.println("sops4j-gateway dev: listening on " + dev.url() + "; state in " + dir.toAbsolutePath());
        err.println("sops4j-gateway dev: key " + DevMode.KEY + " is ready; mint a token with:");
        err.println("  export SOPS4J_OIDC_TOKEN=\"$(sops4j-gateway dev token --dir " + dir.toAbsolutePath() + ")\"");
        out.print(dev.exports());
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dev.close();
            stop.countDown();
        }, "sops4j-gateway-dev-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Main.OK;
    }

    private static int token(List<String> args, Environment env, PrintStream out) {
        Map<String, List<String>> o = options(args, List.of("--dir", "--repository", "--ref", "--claim",
                "--audience"));
        if (!o.containsKey("--dir")) {
            throw new UsageException("dev token: --dir DIR is required (the directory of a running dev gateway)");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String c : o.getOrDefault("--claim", List.of())) {
            int eq = c.indexOf('=');
            if (eq < 1) {
                throw new UsageException("dev token: --claim wants NAME=VALUE, got " + c);
            }
            extra.put(c.substring(0, eq), c.substring(eq + 1));
        }
        out.println(DevIssuer.mint(env.workingDirectory().resolve(last(o, "--dir")),
                o.containsKey("--audience") ? last(o, "--audience") : DevMode.AUDIENCE,
                o.containsKey("--repository") ? last(o, "--repository") : "dev/app",
                o.containsKey("--ref") ? last(o, "--ref") : "refs/heads/main", extra));
        return Main.OK;
    }

    private static Map<String, List<String>> options(List<String> args, List<String> known) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!known.contains(a) || i + 1 >= args.size()) {
                throw new UsageException("dev: unexpected argument " + a + " (see sops4j-gateway dev --help)");
            }
            m.computeIfAbsent(a, k -> new java.util.ArrayList<>()).add(args.get(++i));
        }
        return m;
    }

    private static String last(Map<String, List<String>> o, String k) {
        List<String> v = o.get(k);
        return v.get(v.size() - 1);
    }
}
