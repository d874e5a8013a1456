package dev.sops4j.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.gateway.config.ConfigLoader;
import dev.sops4j.gateway.config.GatewayConfig;
import dev.sops4j.gateway.limits.SharedState;
import dev.sops4j.gateway.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** deploy/: every file parses, and what the manifests mount is what the gateway config they carry expects. */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");

    @TempDir
    Path tmp;

    // ---- systemd ----

    private static Map<String, List<String>> unit(Path p) throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(p)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("[")) {
                assertTrue(l.matches("\\[(Unit|Service|Install)]"), l);
                section = l;
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(eq > 0, "not key=value: " + l);
            m.computeIfAbsent(section + l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return m;
    }

    private static String one(Map<String, List<String>> u, String key) {
        List<String> v = u.getOrDefault("[Service]" + key, List.of());
        assertEquals(1, v.size(), key + ": " + v);
        return v.get(0);
    }

    @Test
    void systemdUnitIsHardenedAndMatchesItsConfig() throws IOException {
        Map<String, List<String>> u = unit(DEPLOY.resolve("systemd/sops4j-gateway.service"));
        assertEquals("yes", one(u, "DynamicUser"));
        assertEquals("strict", one(u, "ProtectSystem"));
        assertEquals("yes", one(u, "NoNewPrivileges"));
        assertEquals("", one(u, "CapabilityBoundingSet"));
        assertFalse(u.containsKey("[Service]MemoryDenyWriteExecute"), "the JVM's JIT needs W+X memory");
        assertEquals("/bin/kill -HUP $MAINPID", one(u, "ExecReload"), "SIGHUP reopens the audit file");
        String exec = one(u, "ExecStart");
        assertTrue(exec.contains("-Dsun.net.httpserver.nodelay=true"), exec);
        String configDir = "/etc/" + one(u, "ConfigurationDirectory");
        assertTrue(exec.endsWith(" serve --config " + configDir + "/gateway.yaml"), exec);

        String cred = one(u, "LoadCredential");
        String credName = cred.substring(0, cred.indexOf(':'));
        String credDir = "/run/credentials/sops4j-gateway.service";
        Files.writeString(tmp.resolve(credName), "pw\n");
        String text = Files.readString(DEPLOY.resolve("systemd/gateway.yaml"));
        assertTrue(text.contains(credDir + "/" + credName), "passwordFile is the LoadCredential= file");
        GatewayConfig cfg = ConfigLoader.parse(text.replace(credDir, tmp.toString()), Path.of(configDir),
                new Environment(Map.of(), tmp, tmp));
        assertEquals(Path.of("/var/log/" + one(u, "LogsDirectory") + "/audit.jsonl"), cfg.audit().file().orElseThrow());
        assertTrue(cfg.policyFile().startsWith(configDir), "policy under ConfigurationDirectory=");
        assertTrue(cfg.tls().certificate().orElseThrow().startsWith(configDir));
        assertTrue(cfg.state().redis().orElseThrow().tls(), "rediss:// outside a cluster network");
        assertEquals(SharedState.OnError.DENY, cfg.state().onError());
    }

    // ---- kubernetes ----

    private static List<Map<String, Object>> manifests() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path f : files.sorted().toList()) {
                for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(f))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) doc;
                    m.put("__file", f.getFileName().toString());
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> all, String kind) {
        List<Map<String, Object>> l = all.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertEquals(1, l.size(), kind);
        return l.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            n = p.matches("\\d+") ? ((List<Object>) n).get(Integer.parseInt(p)) : ((Map<String, Object>) n).get(p);
        }
        return (T) n;
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesManifestsAgreeWithTheGatewayConfigTheyCarry() throws IOException {
        List<Map<String, Object>> all = manifests();
        Map<String, Object> kust = kind(all, "Kustomization");
        List<String> files = all.stream().map(m -> (String) m.get("__file"))
                .filter(f -> !f.equals("kustomization.yaml")).distinct().sorted().toList();
        assertEquals(files, ((List<String>) kust.get("resources")).stream().sorted().toList());

        Map<String, Object> dep = kind(all, "Deployment");
        assertEquals(2, ((Integer) at(dep, "spec", "replicas")).intValue());
        Map<String, Object> pod = at(dep, "spec", "template", "spec");
        Map<String, Object> c = at(pod, "containers", "0");
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) c.get("volumeMounts")) {
            mounts.put((String) m.get("name"), (String) m.get("mountPath"));
        }
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) pod.get("volumes")) {
            volumes.put((String) v.get("name"), v);
        }
        assertEquals("csi.spiffe.io", (Object) at(volumes.get("spiffe-workload-api"), "csi", "driver"));
        assertEquals(true, at(c, "securityContext", "readOnlyRootFilesystem"));

        List<String> args = (List<String>) c.get("args");
        String configPath = args.get(args.indexOf("--config") + 1);
        assertEquals(mounts.get("config") + "/gateway.yaml", configPath);
        Map<String, Object> cm = kind(all, "ConfigMap");
        assertEquals((Object) at(cm, "metadata", "name"), at(volumes.get("config"), "configMap", "name"));
        String gatewayYaml = at(cm, "data", "gateway.yaml");

        Map<String, Object> secret = kind(all, "Secret");
        assertEquals((Object) at(secret, "metadata", "name"), at(volumes.get("redis"), "secret", "secretName"));
        String redisDir = mounts.get("redis");
        for (String key : ((Map<String, Object>) secret.get("stringData")).keySet()) {
            Files.writeString(tmp.resolve(key), "pw\n");
        }
        GatewayConfig cfg = ConfigLoader.parse(gatewayYaml.replace(redisDir + "/", tmp + "/"),
                Path.of(mounts.get("config")), new Environment(Map.of(), tmp, tmp));
        assertTrue(gatewayYaml.contains("passwordFile: " + redisDir + "/"), "password from the Secret's mount");
        assertEquals(Path.of(mounts.get("tls")), cfg.tls().certificate().orElseThrow().getParent());
        assertEquals(Path.of(mounts.get("config"), "policy.yaml"), cfg.policyFile());
        assertEquals("unix://" + mounts.get("spiffe-workload-api") + "/spire-agent.sock",
                cfg.nexus().socket().orElseThrow());
        assertTrue(cfg.state().redis().isPresent(), "two replicas need the shared state");
        assertTrue(cfg.audit().stdout() && cfg.audit().failClosed());
        PolicyLoader.parse("policy.yaml", at(cm, "data", "policy.yaml"));

        int port = cfg.port();
        assertEquals(port, ((Integer) at(c, "ports", "0", "containerPort")).intValue());
        assertEquals("https", at(c, "ports", "0", "name"));
        assertEquals("/readyz", at(c, "readinessProbe", "httpGet", "path"));
        assertEquals("/healthz", at(c, "livenessProbe", "httpGet", "path"));
        assertEquals("HTTPS", at(c, "readinessProbe", "httpGet", "scheme"));
        Map<String, Object> svc = kind(all, "Service");
        assertEquals("https", at(svc, "spec", "ports", "0", "targetPort"));
        Map<String, Object> np = kind(all, "NetworkPolicy");
        assertEquals(port, ((Integer) at(np, "spec", "ingress", "0", "ports", "0", "port")).intValue());
        Map<String, Object> pdb = kind(all, "PodDisruptionBudget");
        assertEquals(1, ((Integer) at(pdb, "spec", "minAvailable")).intValue());
        Map<String, Object> labels = at(dep, "spec", "template", "metadata", "labels");
        for (Map<String, Object> m : List.of(svc, np, pdb)) {
            Map<String, Object> sel = m == svc ? at(m, "spec", "selector") : m == np
                    ? at(m, "spec", "podSelector", "matchLabels") : at(m, "spec", "selector", "matchLabels");
            assertEquals(labels, sel, (String) m.get("kind"));
        }
    }
}
