package dev.sops4j.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.gateway.Gateway;
import dev.sops4j.gateway.config.ConfigLoader;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.policy.Action;
import dev.sops4j.gateway.policy.Claims;
import dev.sops4j.gateway.policy.Decision;
import dev.sops4j.gateway.policy.IssuerConfig;
import dev.sops4j.gateway.policy.Policy;
import dev.sops4j.gateway.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sops4j-gateway serve --config FILE | policy lint FILE | policy explain FILE --claims FILE [--action A --key K]}.
 * The only place in the module that writes to the console.
 */
public final class Main {
    static final int OK = 0;
    static final int DENIED = 1;
    static final int USAGE = 2;
    static final String USAGE_TEXT = """
            usage: sops4j-gateway serve --config FILE
                   sops4j-gateway policy lint FILE
                   sops4j-gateway policy explain FILE --claims CLAIMS.json [--issuer NAME] [--action ACTION --key KEY]""";

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, Environment.system());
        if (code != OK || args.length == 0 || !args[0].equals("serve")) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err, Environment env) {
        List<String> a = List.of(args);
        if (a.equals(List.of("--version"))) {
            out.println(dev.sops4j.core.Version.current().line("sops4j-gateway"));
            return OK;
        }
        try {
            if (a.size() == 3 && a.get(0).equals("serve") && a.get(1).equals("--config")) {
                return serve(env.workingDirectory().resolve(a.get(2)), env, out, err);
            }
            if (a.size() == 3 && a.get(0).equals("policy") && a.get(1).equals("lint")) {
                return lint(env.workingDirectory().resolve(a.get(2)), out);
            }
            if (a.size() >= 3 && a.get(0).equals("policy") && a.get(1).equals("explain")) {
                return explain(env, a.subList(2, a.size()), out, err);
            }
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (SopsException e) {
            err.println("sops4j-gateway: " + e.getMessage());
            return e.exitCode().code();
        } catch (IOException | RuntimeException e) {
            err.println("sops4j-gateway: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            return 1;
        }
    }

    private static int serve(Path config, Environment env, PrintStream out, PrintStream err) {
        GatewayConfig cfg = ConfigLoader.load(config, env);
        Gateway gw = Gateway.start(cfg, env, out);
        err.println("sops4j-gateway: listening on https://" + cfg.host() + ":" + gw.port() + " (policy "
                + cfg.policyFile() + ")");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gw.close();
            stop.countDown();
        }, "sops4j-gateway-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static int lint(Path file, PrintStream out) {
        Policy p = PolicyLoader.load(file);
        out.println("policy " + file.getFileName() + ": ok (" + p.issuers().size() + " issuers, " + p.rules().size()
                + " rules, " + p.warnings().size() + " warnings)");
        p.warnings().forEach(w -> out.println("warning: " + w));
        return OK;
    }

    private static int explain(Environment env, List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        Path file = env.workingDirectory().resolve(args.get(0));
        String claimsFile = null;
        String issuerName = null;
        String action = null;
        String key = null;
        for (int i = 1; i < args.size(); i++) {
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (args.get(i)) {
                case "--claims" -> claimsFile = v;
                case "--issuer" -> issuerName = v;
                case "--action" -> action = v;
                case "--key" -> key = v;
                default -> {
                    err.println(USAGE_TEXT);
                    return USAGE;
                }
            }
            i++;
        }
        if (claimsFile == null || (action == null) != (key == null)) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Policy p = PolicyLoader.load(file);
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = new ObjectMapper().readValue(env.workingDirectory().resolve(claimsFile).toFile(),
                Map.class);
        Optional<IssuerConfig> ic = issuerName != null ? Optional.ofNullable(p.issuers().get(issuerName))
                : p.issuerFor(String.valueOf(raw.get("iss")));
        if (ic.isEmpty()) {
            err.println("sops4j-gateway: no configured issuer matches the claims' iss " + raw.get("iss")
                    + " (tokens from it are rejected); pass --issuer NAME to try anyway");
            return DENIED;
        }
        Claims claims = Claims.normalised(ic.get(), raw);
        out.println("issuer: " + ic.get().name() + " (" + ic.get().issuer() + ")");
        List<String> missing = new ArrayList<>();
        for (String c : ic.get().requiredClaims()) {
            if (!claims.has(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            out.println("note: a real token without " + missing + " is rejected before the policy runs");
        }
        if (action == null) {
            p.describeMatches(claims).forEach(l -> out.println("  " + l));
            return OK;
        }
        String actionText = action;
        Action act = Action.parse(action).orElseThrow(() -> new IllegalArgumentException(
                "unknown action " + actionText + " (unwrap, wrap, read-secret)"));
        Decision d = p.decide(claims, act, key);
        out.println("request: " + act.text() + " " + key);
        d.trace().forEach(l -> out.println("  " + l));
        out.println("decision: " + (d.allowed() ? "ALLOW by rule " + d.ruleId()
                : d.rule().isPresent() ? "DENY by rule " + d.ruleId() : "DENY (no rule allows it)"));
        return d.allowed() ? OK : DENIED;
    }
}
