package dev.sops4j.cli.options;

import picocli.CommandLine.Option;

/** Flags every sops command accepts. The update-check flags exist for script compatibility. */
public final class CommonOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    public boolean help;

    @Option(names = "--config", paramLabel = "PATH", description = "Path to .sops.yaml (default: search upwards; env SOPS_CONFIG).")
    public String config;

    @Option(names = "--strict-config",
            description = "Unknown keys in .sops.yaml are errors, not warnings (env SOPS4J_STRICT_CONFIG=1).")
    public boolean strictConfig;

    @Option(names = "--verbose", description = "Print more detail, including stack traces on errors.")
    public boolean verbose;

    @Option(names = "--decryption-order", paramLabel = "TYPES",
            description = "Comma-separated key types to try first (env SOPS_DECRYPTION_ORDER; default age,pgp).")
    public String decryptionOrder;

    @Option(names = "--enable-local-keyservice", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Use the local key sources before the key services (default true; env SOPS_ENABLE_LOCAL_KEYSERVICE).")
    public String enableLocalKeyservice;

    @Option(names = "--keyservice", paramLabel = "URI",
            description = "A key service to use after the local one, tcp://host:port or unix:///path; repeatable (env SOPS_KEYSERVICE, comma-separated).")
    public java.util.List<String> keyservice;

    @Option(names = "--disable-version-check", hidden = true, description = "Accepted; sops4j never checks for updates.")
    public boolean disableVersionCheck;

    @Option(names = "--check-for-updates", hidden = true, description = "Accepted; sops4j never touches the network for this.")
    public boolean checkForUpdates;

    /** The key service addresses in order: the flags, else {@code SOPS_KEYSERVICE} (comma-separated), as in sops. */
    public java.util.List<String> keyservices(dev.sops4j.core.env.Environment env) {
        if (keyservice != null && !keyservice.isEmpty()) {
            return keyservice;
        }
        return env.get("SOPS_KEYSERVICE").map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim)
                .filter(x -> !x.isEmpty()).toList()).orElse(java.util.List.of());
    }

    /** {@code --enable-local-keyservice} (else {@code SOPS_ENABLE_LOCAL_KEYSERVICE}); true unless set false. */
    public boolean localKeyservice(dev.sops4j.core.env.Environment env) {
        String v = enableLocalKeyservice != null ? enableLocalKeyservice
                : env.get("SOPS_ENABLE_LOCAL_KEYSERVICE").orElse("true");
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "false", "0", "f" -> false;
            case "true", "1", "t", "" -> true;
            default -> throw new dev.sops4j.core.error.UsageException(
                    "Error: invalid value '" + v + "' for --enable-local-keyservice (true or false)");
        };
    }
}
