package dev.sops4j.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ConfigException;
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
import dev.sops4j.gateway.policy.PolicyProblems;
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
                   sops4j-gateway policy explain FILE --claims CLAIMS.json [--issuer NAME] [--action ACTION --key KEY]
                   sops4j-gateway dev [--dir DIR] [--port PORT]
                   sops4j-gateway dev token --dir DIR [--repository ORG/NAME] [--ref REF] [--claim NAME=VALUE]...
                   sops4j-gateway --help | --version""";
    static final Map<String, String> HELP = Map.of(
            "serve", """
                    usage: sops4j-gateway serve --config FILE
                    Runs the gateway: HTTPS on listen.host:listen.port, policy from the config's policy file,
                    keysets from Nexus. See docs/gateway.md for the configuration format.""",
            "policy", """
                    usage: sops4j-gateway policy lint FILE
                           sops4j-gateway policy explain FILE --claims CLAIMS.json [--issuer NAME] [--action ACTION --key KEY]
                    lint     checks a policy file and lists every problem and warning (exit 1 on problems)
                    explain  shows which rules apply to a token's claims, and the decision for one request""",
            "dev", """
                    usage: sops4j-gateway dev [--dir DIR] [--port PORT]
                           sops4j-gateway dev token --dir DIR [--repository ORG/NAME] [--ref REF] [--claim NAME=VALUE]...
                    dev        starts a throw-away gateway on 127.0.0.1 with an in-memory Nexus stand-in, a local
                               OIDC issuer and a permissive policy for the key dev/app; prints eval-able exports.
                               NOT FOR PRODUCTION: nothing is persisted and every token it mints is allowed.
                    dev token  mints a CI-like token from the dev issuer in DIR (valid 5 minutes)""");

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, Environment.system());
        boolean server = args.length > 0 && (args[0].equals("serve")
                || args[0].equals("dev") && (args.length == 1 || !args[1].equals("token")));
        if (code != OK || !server) {
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
            if (a.size() == 1 && (a.get(0).equals("--version") || a.get(0).equals("version"))) {
                out.println("sops4j-gateway " + version());
                return OK;
            }
            Optional<String> help = help(a);
            if (help.isPresent()) {
                out.println(help.get());
                return OK;
            }
            if (a.size() == 3 && a.get(0).equals("serve") && a.get(1).equals("--config")) {
                return serve(env.workingDirectory().resolve(a.get(2)), env, out, err);
            }
            if (a.size() == 3 && a.get(0).equals("policy") && a.get(1).equals("lint")) {
                return lint(env.workingDirectory().resolve(a.get(2)), out, err);
            }
            if (!a.isEmpty() && a.get(0).equals("dev")) {
                return DevCommand.run(a.subList(1, a.size()), env, out, err);
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

    /** The help asked for, if any: {@code --help}/{@code -h}/{@code help} alone, after a command, or before one. */
    static Optional<String> help(List<String> a) {
        if (a.isEmpty()) {
            return Optional.empty();
        }
        boolean asked = a.get(0).equals("help") || a.contains("--help") || a.contains("-h");
        if (!asked) {
            return Optional.empty();
        }
        List<String> rest = a.stream().filter(s -> !s.equals("--help") && !s.equals("-h")).toList();
        if (!rest.isEmpty() && rest.get(0).equals("help")) {
            rest = rest.subList(1, rest.size());
        }
        return Optional.of(rest.isEmpty() ? USAGE_TEXT : HELP.getOrDefault(rest.get(0), USAGE_TEXT));
    }

    /** The version from the jar's resource, written at build time; "dev" when run from classes without it. */
    static String version() {
        try (java.io.InputStream in = Main.class.getResourceAsStream("/dev/sops4j/gateway/version.txt")) {
            String v = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return v.isEmpty() || v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }

    private static int lint(Path file, PrintStream out, PrintStream err) {
        Policy p;
        try {
            p = PolicyLoader.load(file);
        } catch (ConfigException e) {
            PolicyProblems.in(e).forEach(m -> err.println("sops4j-gateway: " + m));
            return e.exitCode().code();
        }
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
