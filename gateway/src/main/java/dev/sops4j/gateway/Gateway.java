package dev.sops4j.gateway;

import dev.sops4j.core.env.Environment;
import dev.sops4j.gateway.audit.AlertListener;
import dev.sops4j.gateway.audit.AuditSink;
import dev.sops4j.gateway.audit.JsonLinesSink;
import dev.sops4j.gateway.audit.SuspicionDetector;
import dev.sops4j.gateway.audit.WebhookNotifier;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.http.GatewayServer;
import dev.sops4j.gateway.http.GatewayService;
import dev.sops4j.gateway.http.Metrics;
import dev.sops4j.gateway.http.Readiness;
import dev.sops4j.gateway.http.ServerTls;
import dev.sops4j.gateway.kek.KekCache;
import dev.sops4j.gateway.kek.NexusGateway;
import dev.sops4j.gateway.audit.AuditTrail;
import dev.sops4j.gateway.audit.FileAuditSink;
import dev.sops4j.gateway.limits.SharedState;
import dev.sops4j.gateway.limits.redis.RedisConnection;
import dev.sops4j.gateway.limits.redis.RedisRateLimiter;
import dev.sops4j.gateway.limits.redis.RedisReplayStore;
import java.util.Optional;
import dev.sops4j.gateway.policy.Policy;
import dev.sops4j.gateway.policy.PolicyLoader;
import dev.sops4j.gateway.token.Discovery;
import dev.sops4j.gateway.token.TokenValidator;
import dev.sops4j.nexus.NexusSettings;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.RetryPolicy;
import dev.sops4j.nexus.spiffe.SpiffeIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The composition root: builds every part from the configuration and runs the HTTPS server. */
public final class Gateway implements AutoCloseable {
    private final GatewayServer server;
    private final Metrics metrics;
    private final List<AutoCloseable> owned;
    private Optional<AutoCloseable> hangup = Optional.empty();

    private Gateway(GatewayServer server, Metrics metrics, List<AutoCloseable> owned) {
        this.server = server;
        this.metrics = metrics;
        this.owned = owned;
    }

    /** Production wiring: policy from its file, SPIFFE identity for Nexus, audit to the configured file. */
    public static Gateway start(GatewayConfig cfg, Environment env, OutputStream stdout) {
        Policy policy = PolicyLoader.load(cfg.policyFile());
        GatewayConfig.Nexus n = cfg.nexus();
        NexusSettings settings = new NexusSettings(n.url(), n.trustRoots(), n.keyPrefix(), n.spiffeDir(), n.socket());
        // Two quick tries: a CI job waiting on the gateway should get a 503 fast and retry itself.
        RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(200), Duration.ofMillis(200),
                d -> Thread.sleep(d.toMillis()));
        NexusClient client = NexusClient.create(settings,
                SpiffeIdentity.open(settings.spiffeDir(), settings.socket()), true, retry);
        List<AuditSink> sinks = new ArrayList<>();
        Optional<FileAuditSink> file = cfg.audit().file().map(FileAuditSink::new);
        file.ifPresent(sinks::add);
        if (cfg.audit().stdout()) {
            sinks.add(new JsonLinesSink(stdout));
        }
        Gateway gw = start(cfg, policy, client, new AuditTrail(sinks), Discovery.standard(), Clock.systemUTC());
        file.ifPresent(f -> {
            gw.owned.add(f);
            gw.hangup = reopenOnHangup(f);
            gw.hangup.ifPresent(gw.owned::add);
        });
        return gw;
    }

    /**
     * SIGHUP reopens the audit file, for log rotation (where the JVM lets us handle it).
     *
     * @return what restores the previous handler, or empty when SIGHUP cannot be handled here
     */
    private static Optional<AutoCloseable> reopenOnHangup(FileAuditSink file) {
        try {
            sun.misc.Signal hup = new sun.misc.Signal("HUP");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(hup, sig -> file.reopen());
            return Optional.of(() -> sun.misc.Signal.handle(hup, previous));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP here (e.g. Windows, or -Xrs): rotation then needs copytruncate
            return Optional.empty();
        }
    }

    /** Whether SIGHUP reopens this gateway's audit file. */
    boolean reopensOnHangup() {
        return hangup.isPresent();
    }

    /** Wiring with every outside dependency given; tests and benchmarks use this. */
    public static Gateway start(GatewayConfig cfg, Policy policy, NexusClient client, AuditSink audit,
                                Discovery discovery, Clock clock) {
        return start(cfg, policy, new NexusGateway(client), client, audit, discovery, clock);
    }

    /** Wiring with the secret store given ({@code dev} mode's in-memory stand-in); {@code store} is closed last. */
    public static Gateway start(GatewayConfig cfg, Policy policy, NexusGateway nexus, AutoCloseable store,
                                AuditSink audit, Discovery discovery, Clock clock) {
        List<AutoCloseable> owned = new ArrayList<>();
        owned.add(store);
        Metrics metrics = new Metrics();
        List<AlertListener> listeners = new ArrayList<>();
        listeners.add(a -> audit.write(a.toMap()));
        listeners.add(a -> metrics.alert(a.name()));
        cfg.webhook().ifPresent(w -> {
            WebhookNotifier hook = new WebhookNotifier(w.url(), w.attempts(), w.firstRetryWait(),
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build(),
                    name -> audit.write(Map.of("time", clock.instant().toString(), "flagged", true,
                            "alert", "webhook_failed", "subject", name)));
            listeners.add(hook);
            owned.add(hook);
        });
        TokenValidator tokens = new TokenValidator(policy, discovery, clock, metrics);
        tokens.warmUp();
        KekCache keks = new KekCache(nexus, cfg.nexus().keyPrefix(), cfg.kekCacheTtl(), clock);
        SharedState state = SharedState.inMemory(clock);
        List<Readiness.Check> checks = new ArrayList<>();
        if (cfg.state().redis().isPresent()) {
            RedisConnection redis = new RedisConnection(cfg.state().redis().get(), cfg.threads());
            owned.add(redis);
            state = new SharedState(new RedisReplayStore(redis, clock), new RedisRateLimiter(redis), redis::ping,
                    cfg.state().onError(), clock);
            SharedState shared = state;
            checks.add(new Readiness.Check() {
                public String name() {
                    return "state";
                }

                public boolean ready() {
                    return shared.reachable();
                }
            });
        }
        Readiness readiness = new Readiness(tokens, nexus, cfg.nexus().keyPrefix() + "gateway-readiness-probe",
                Duration.ofSeconds(5), clock, checks);
        GatewayService service = new GatewayService(policy, tokens, keks, nexus, cfg.nexus().secretsPrefix(),
                readiness, audit, new SuspicionDetector(cfg.alerts(), clock, listeners), metrics,
                state, cfg.audit().failClosed(), clock);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sops4j-gateway-kek-purge");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, cfg.kekCacheTtl().toMillis() / 2);
        timer.scheduleAtFixedRate(keks::purgeExpired, every, every, TimeUnit.MILLISECONDS);
        owned.add(timer::shutdownNow);
        owned.add(keks::clear);
        try {
            GatewayServer server = GatewayServer.start(cfg.host(), cfg.port(), cfg.threads(),
                    ServerTls.context(cfg.tls()), service);
            return new Gateway(server, metrics, owned);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + cfg.host() + ":" + cfg.port(), e);
        }
    }

    public int port() {
        return server.port();
    }

    public Metrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        server.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception ignored) {
                // shutting down: nothing useful to do with a close failure
            }
        }
    }
}
