package dev.sops4j.cli.options;

import picocli.CommandLine.Option;

/** {@code --add-*}/{@code --rm-*} for rotate and edit: keys added to the first group, removed from every group. */
public final class RotateKeyOptions {
    @Option(names = "--add-kms", paramLabel = "ARNS") public String addKms;
    @Option(names = "--rm-kms", paramLabel = "ARNS") public String rmKms;
    @Option(names = "--add-pgp", paramLabel = "FPS") public String addPgp;
    @Option(names = "--rm-pgp", paramLabel = "FPS") public String rmPgp;
    @Option(names = "--add-age", paramLabel = "RECIPIENTS") public String addAge;
    @Option(names = "--rm-age", paramLabel = "RECIPIENTS") public String rmAge;
    @Option(names = "--add-nexus", paramLabel = "NAMES") public String addNexus;
    @Option(names = "--rm-nexus", paramLabel = "NAMES") public String rmNexus;
    @Option(names = "--add-gcp-kms", paramLabel = "IDS") public String addGcpKms;
    @Option(names = "--rm-gcp-kms", paramLabel = "IDS") public String rmGcpKms;
    @Option(names = "--add-azure-kv", paramLabel = "URLS") public String addAzureKv;
    @Option(names = "--rm-azure-kv", paramLabel = "URLS") public String rmAzureKv;
    @Option(names = "--add-hc-vault-transit", paramLabel = "URIS") public String addHcVault;
    @Option(names = "--rm-hc-vault-transit", paramLabel = "URIS") public String rmHcVault;
    @Option(names = "--add-hckms", paramLabel = "IDS") public String addHckms;
    @Option(names = "--rm-hckms", paramLabel = "IDS") public String rmHckms;

    public boolean any() {
        return addNexus != null || rmNexus != null || addKms != null || rmKms != null || addPgp != null || rmPgp != null || addAge != null || rmAge != null
                || addGcpKms != null || rmGcpKms != null || addAzureKv != null || rmAzureKv != null
                || addHcVault != null || rmHcVault != null || addHckms != null || rmHckms != null;
    }
}
