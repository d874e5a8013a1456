package dev.sops4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.core.env.Environment;
import dev.sops4j.gateway.config.ConfigLoader;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.policy.Action;
import dev.sops4j.gateway.policy.Claims;
import dev.sops4j.gateway.policy.Policy;
import dev.sops4j.gateway.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped examples (quoted in docs/gateway.md) load cleanly and mean what the docs say. */
class ExamplesTest {
    private static final Path DIR = Path.of("examples");

    @Test
    void examplePolicyLoadsWithoutWarningsAndDecidesAsDocumented() throws Exception {
        Policy p = PolicyLoader.load(DIR.resolve("policy.yaml"));
        assertEquals(List.of(), p.warnings());
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = new ObjectMapper().readValue(DIR.resolve("claims-github.json").toFile(), Map.class);
        Claims c = Claims.normalised(p.issuers().get("github"), raw);
        assertEquals("app-deploy-prod", p.decide(c, Action.UNWRAP, "team-a/app/prod").ruleId());
        assertEquals("default-deny", p.decide(c, Action.WRAP, "team-a/app/prod").ruleId());
        raw.put("event_name", "pull_request_target");
        assertEquals("no-untrusted-github-events",
                p.decide(Claims.normalised(p.issuers().get("github"), raw), Action.UNWRAP, "team-a/app/prod").ruleId());
    }

    @Test
    void exampleServerConfigParses() throws Exception {
        Environment env = new Environment(Map.of("REDIS_PASSWORD", "pw"), Path.of("."), Path.of("."));
        GatewayConfig cfg = ConfigLoader.load(DIR.resolve("gateway.yaml"), env);
        assertTrue(cfg.state().redis().orElseThrow().tls());
        // the copy quoted in docs/gateway.md says the same
        String doc = Files.readString(Path.of("..", "docs", "gateway.md"));
        int at = doc.indexOf("```yaml\n", doc.indexOf("### Server configuration"));
        String quoted = doc.substring(at + 8, doc.indexOf("```", at + 8));
        assertEquals(cfg.toString(), ConfigLoader.parse(quoted, DIR.toAbsolutePath(), env).toString());
        assertEquals(8443, cfg.port());
        assertEquals(Duration.ofSeconds(60), cfg.kekCacheTtl());
        assertTrue(cfg.policyFile().endsWith(Path.of("examples", "policy.yaml")));
        assertEquals(4, cfg.webhook().orElseThrow().attempts());
        assertEquals(15, cfg.alerts().distinctKeys());
    }
}
