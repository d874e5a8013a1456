package dev.sops4j.gateway.http;

import dev.sops4j.gateway.token.JwksEvents;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** The gateway's Prometheus metrics, rendered in the text exposition format (0.0.4). One instance per server. */
public final class Metrics implements JwksEvents {
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nexusErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> jwksErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> jwksFetches = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> alerts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> stateErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> auditFailures = new ConcurrentHashMap<>();

    public void request(String route, String decision, double seconds) {
        count(requests, "route=\"" + route + "\",decision=\"" + decision + "\"");
        latency.computeIfAbsent(route, r -> new Histogram()).observe(seconds);
    }

    public void nexusError(String kind) {
        count(nexusErrors, "kind=\"" + kind + "\"");
    }

    public void stateError() {
        count(stateErrors, "store=\"redis\"");
    }

    public void auditFailure() {
        count(auditFailures, "sink=\"all\"");
    }

    public void tokenRejected(String reason) {
        count(rejections, "reason=\"" + reason + "\"");
    }

    public void alert(String name) {
        count(alerts, "alert=\"" + name + "\"");
    }

    @Override
    public void fetched(String issuerName) {
        count(jwksFetches, "issuer=\"" + issuerName + "\"");
    }

    @Override
    public void failed(String issuerName) {
        count(jwksErrors, "issuer=\"" + issuerName + "\"");
    }

    /** Current value of one request counter; for tests and whoami-style debugging. */
    public long requests(String route, String decision) {
        LongAdder a = requests.get("route=\"" + route + "\",decision=\"" + decision + "\"");
        return a == null ? 0 : a.sum();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        counter(sb, "sops4j_gateway_requests_total", "Requests by route and decision.", requests);
        sb.append("# HELP sops4j_gateway_request_duration_seconds Request latency by route.\n");
        sb.append("# TYPE sops4j_gateway_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((route, h) -> h.render(sb, route));
        counter(sb, "sops4j_gateway_nexus_errors_total", "Nexus calls that failed, by kind.", nexusErrors);
        counter(sb, "sops4j_gateway_jwks_errors_total", "Discovery or JWKS fetches that failed, by issuer.", jwksErrors);
        counter(sb, "sops4j_gateway_jwks_fetches_total", "JWKS fetches, by issuer.", jwksFetches);
        counter(sb, "sops4j_gateway_token_rejections_total", "Rejected bearer tokens, by reason.", rejections);
        counter(sb, "sops4j_gateway_alerts_total", "Suspicious-activity alerts raised, by alert.", alerts);
        return sb.toString();
    }

    private static void count(Map<String, LongAdder> m, String labels) {
        m.computeIfAbsent(labels, l -> new LongAdder()).increment();
    }

    private static void counter(StringBuilder sb, String name, String help, Map<String, LongAdder> m) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(m).forEach((labels, v) -> sb.append(name).append('{').append(labels).append("} ")
                .append(v.sum()).append('\n'));
    }

    private static final class Histogram {
        private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double s) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (s <= BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(s);
        }

        void render(StringBuilder sb, String route) {
            String n = "sops4j_gateway_request_duration_seconds";
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += buckets[i].sum();
                sb.append(n).append("_bucket{route=\"").append(route).append("\",le=\"").append(BUCKETS[i])
                        .append("\"} ").append(cumulative).append('\n');
            }
            long total = count.sum();
            sb.append(n).append("_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ").append(total).append('\n');
            sb.append(n).append("_sum{route=\"").append(route).append("\"} ").append(sum.sum()).append('\n');
            sb.append(n).append("_count{route=\"").append(route).append("\"} ").append(total).append('\n');
        }
    }
}
