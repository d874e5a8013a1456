package dev.sops4j.cli.options;

import picocli.CommandLine.Option;

/** Flags every sops command accepts. The keyservice and update-check flags exist for script compatibility. */
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

    @Option(names = "--enable-local-keyservice", arity = "0..1", fallbackValue = "true", hidden = true,
            description = "Accepted for compatibility; sops4j always uses local keys.")
    public String enableLocalKeyservice;

    @Option(names = "--keyservice", paramLabel = "URI", description = "Not supported by sops4j (gRPC key services).")
    public java.util.List<String> keyservice;

    @Option(names = "--disable-version-check", hidden = true, description = "Accepted; sops4j never checks for updates.")
    public boolean disableVersionCheck;

    @Option(names = "--check-for-updates", hidden = true, description = "Accepted; sops4j never touches the network for this.")
    public boolean checkForUpdates;
}
