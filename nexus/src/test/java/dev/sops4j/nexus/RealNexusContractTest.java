package dev.sops4j.nexus;

import dev.sops4j.core.env.Environment;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.RetryPolicy;
import dev.sops4j.nexus.spiffe.PemSvidSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real SPIKE Nexus. Set {@code SOPS4J_TEST_NEXUS_URL} and {@code SOPS4J_TEST_SPIFFE_DIR}
 * (spiffe-helper files of an identity with read+write on {@code SOPS4J_TEST_NEXUS_PREFIX}, default
 * {@code sops4j-contract/}); optionally {@code SOPS4J_TEST_NEXUS_TRUST_ROOT} and
 * {@code SOPS4J_TEST_STRANGER_SPIFFE_DIR} (an identity without any policy). Each run writes below a random
 * sub-prefix.
 */
@EnabledIfEnvironmentVariable(named = "SOPS4J_TEST_NEXUS_URL", matches = "https://.+")
@EnabledIfEnvironmentVariable(named = "SOPS4J_TEST_SPIFFE_DIR", matches = ".+")
class RealNexusContractTest extends NexusContract {
    private final Map<String, String> env = System.getenv(); // test code: the library itself never reads getenv
    private final String runPrefix = env.getOrDefault("SOPS4J_TEST_NEXUS_PREFIX", "sops4j-contract/")
            + UUID.randomUUID().toString().replace("-", "") + "/";

    private NexusSettings settings(String root) {
        Map<String, String> vars = new HashMap<>();
        vars.put(NexusSettings.ENV_API_URL, env.get("SOPS4J_TEST_NEXUS_URL"));
        vars.put(NexusSettings.ENV_TRUST_ROOT, root);
        vars.put(NexusSettings.ENV_PATH_PREFIX, runPrefix);
        return NexusSettings.fromEnvironment(new Environment(vars, Path.of("."), Path.of(".")));
    }

    private NexusClient client(String dirVar, String root) {
        return NexusClient.create(settings(root), PemSvidSource.open(Path.of(env.get(dirVar))), true,
                RetryPolicy.standard());
    }

    @Override
    NexusClient writer() {
        return client("SOPS4J_TEST_SPIFFE_DIR", env.getOrDefault("SOPS4J_TEST_NEXUS_TRUST_ROOT", "spike.ist"));
    }

    @Override
    NexusClient stranger() {
        return env.containsKey("SOPS4J_TEST_STRANGER_SPIFFE_DIR")
                ? client("SOPS4J_TEST_STRANGER_SPIFFE_DIR",
                        env.getOrDefault("SOPS4J_TEST_NEXUS_TRUST_ROOT", "spike.ist"))
                : null;
    }

    @Override
    NexusClient expectingOtherRoot() {
        return client("SOPS4J_TEST_SPIFFE_DIR", "not-the-nexus-root.invalid");
    }

    @Override
    String prefix() {
        return runPrefix;
    }

}
