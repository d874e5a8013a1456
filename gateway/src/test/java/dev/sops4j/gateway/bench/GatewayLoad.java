package dev.sops4j.gateway.bench;

import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sops4j.gateway.Gateway;
import dev.sops4j.gateway.audit.JsonLinesSink;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.limits.SharedState;
import dev.sops4j.gateway.limits.redis.RedisSettings;
import dev.sops4j.gateway.support.Harness;
import dev.sops4j.gateway.support.RedisServer;
import java.io.OutputStream;
import java.net.URI;
import java.util.Optional;
import dev.sops4j.nexus.NexusKeySource;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded closed-loop load on {@code POST /v1/unwrap} over loopback HTTPS: the real gateway, the fake Nexus, a
 * loopback OIDC issuer. Each worker reuses one keep-alive connection and cycles through pre-minted tokens (as many
 * CI jobs would). Prints requests/s, p50/p99/max latency and errors. Not a test: run by bench/gateway-load.sh.
 *
 * <p>Arguments: {@code seconds concurrency warmupSeconds [redis]} (defaults 15 8 5). With {@code redis}: a real
 * {@code redis-server} on loopback and two gateway replicas sharing it, the workers split evenly between them, and
 * a rule with a (never reached) rate limit, so every request also runs the Redis token-bucket script.
 */
public final class GatewayLoad {
    private GatewayLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean redis = args.length > 3 && args[3].equals("redis");
        try (Harness h = new Harness(); RedisServer server = redis ? RedisServer.start(Optional.empty()) : null) {
            String key = redis ? "app/ci/build" : "app/prod/db";
            String enc;
            try (NexusKeySource cli = h.cliKeySource()) {
                enc = cli.wrap(new NexusKeyRef(key, "", ""), SecretBytes.copyOf(new byte[32])).enc();
            }
            String body = "{\"key\":\"" + key + "\",\"enc\":\"" + enc + "\"}";
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                JWTClaimsSet.Builder c = h.github.github(Harness.AUD).claim("run_id", Integer.toString(i));
                tokens.add(h.github.rs256((redis ? c.claim("repository_id", "999") : c).build()));
            }
            List<URI> targets = new ArrayList<>();
            List<Gateway> replicas = new ArrayList<>();
            if (redis) {
                GatewayConfig.State state = new GatewayConfig.State(Optional.of(new RedisSettings(server.url(),
                        Optional.empty(), Optional.empty(), "bench:")), SharedState.OnError.DENY);
                for (int i = 0; i < 2; i++) {
                    Gateway g = h.startGateway(state, new JsonLinesSink(OutputStream.nullOutputStream()), true);
                    replicas.add(g);
                    targets.add(Harness.url(g, "/v1/unwrap"));
                }
            } else {
                targets.add(h.url("/v1/unwrap"));
            }
            run(h, targets, tokens, body, workers, warmup, false);
            Result r = run(h, targets, tokens, body, workers, seconds, true);
            replicas.forEach(Gateway::close);
            System.out.printf("gateway /v1/unwrap over loopback HTTPS: %d workers, %d s%s%n", workers, seconds,
                    redis ? ", 2 replicas sharing state in redis-server (token bucket per request)" : "");
            System.out.printf("requests: %d ok, %d errors%n", r.ok, r.errors);
            System.out.printf("throughput: %.0f req/s%n", r.ok / (double) seconds);
            System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", r.pct(50), r.pct(90), r.pct(99),
                    r.pct(100));
        }
    }

    private record Result(long ok, long errors, long[] nanos) {
        double pct(double p) {
            if (nanos.length == 0) {
                return 0;
            }
            int i = (int) Math.min(nanos.length - 1, Math.ceil(p / 100.0 * nanos.length) - 1);
            return nanos[Math.max(0, i)] / 1e6;
        }
    }

    private static Result run(Harness h, List<URI> targets, List<String> tokens, String body, int workers,
                              int seconds, boolean measure)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> perWorker = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            long[] lat = new long[2_000_000 / workers];
            perWorker.add(lat);
            int id = w;
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(h.tls.clientContext()).build();
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < lat.length) {
                        String tok = tokens.get((id + n) % tokens.size());
                        HttpRequest req = HttpRequest.newBuilder(targets.get(id % targets.size()))
                                .header("Authorization", "Bearer " + tok).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                lat[n++] = System.nanoTime() - t0;
                                ok.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    lat[lat.length - 1] = n; // remember how many were filled
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        done.await();
        if (!measure) {
            return new Result(ok.get(), errors.get(), new long[0]);
        }
        long[] all = perWorker.stream().flatMapToLong(a -> Arrays.stream(a, 0, (int) a[a.length - 1])).toArray();
        Arrays.sort(all);
        return new Result(ok.get(), errors.get(), all);
    }
}
