package dev.sops4j.nexus;

import dev.sops4j.core.env.Environment;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where Nexus is and who we are, read once from the {@link Environment}. Variable names follow SPIKE's SDK
 * ({@code SPIKE_NEXUS_API_URL}, {@code SPIKE_TRUST_ROOT_NEXUS}) and java-spiffe ({@code SPIFFE_ENDPOINT_SOCKET}) so
 * an existing SPIKE deployment needs no new configuration.
 *
 * @param apiUrl      base URL of SPIKE Nexus
 * @param trustRoots  trust domains whose {@code /spike/nexus} identity we accept from the server
 * @param pathPrefix  Nexus secret path prefix under which keysets live; the logical key name is appended
 * @param spiffeDir   directory with spiffe-helper PEM files, if configured (wins over the socket)
 * @param socket      Workload API address, if configured
 */
public record NexusSettings(URI apiUrl, List<String> trustRoots, String pathPrefix, Optional<Path> spiffeDir,
                            Optional<String> socket) {

    public static final String ENV_API_URL = "SPIKE_NEXUS_API_URL";
    public static final String ENV_TRUST_ROOT = "SPIKE_TRUST_ROOT_NEXUS";
    public static final String ENV_PATH_PREFIX = "SOPS4J_NEXUS_PATH_PREFIX";
    public static final String ENV_SPIFFE_DIR = "SOPS4J_SPIFFE_DIR";
    public static final String ENV_SOCKET = "SPIFFE_ENDPOINT_SOCKET";

    public static final String DEFAULT_API_URL = "https://localhost:8553";
    public static final String DEFAULT_TRUST_ROOT = "spike.ist";
    public static final String DEFAULT_PATH_PREFIX = "sops4j/kek/";

    public NexusSettings {
        trustRoots = List.copyOf(trustRoots);
        if (trustRoots.isEmpty()) {
            throw new IllegalArgumentException("at least one Nexus trust root is needed");
        }
        KeyNames.checkPrefix(pathPrefix);
    }

    public static NexusSettings fromEnvironment(Environment env) {
        URI url = URI.create(stripSlash(env.get(ENV_API_URL).orElse(DEFAULT_API_URL)));
        List<String> roots = Arrays.stream(env.get(ENV_TRUST_ROOT).orElse(DEFAULT_TRUST_ROOT).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        String prefix = env.get(ENV_PATH_PREFIX).orElse(DEFAULT_PATH_PREFIX);
        Optional<Path> dir = env.get(ENV_SPIFFE_DIR).map(p -> env.workingDirectory().resolve(p));
        return new NexusSettings(url, roots, prefix, dir, env.get(ENV_SOCKET));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
