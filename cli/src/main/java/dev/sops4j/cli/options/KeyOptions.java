package dev.sops4j.cli.options;

import picocli.CommandLine.Option;

/** Master keys for new files (each also read from sops' environment variable when the flag is absent). */
public final class KeyOptions {
    @Option(names = {"-k", "--kms"}, paramLabel = "ARNS", description = "AWS KMS ARNs, comma-separated (env SOPS_KMS_ARN).")
    public String kms;

    @Option(names = "--aws-profile", paramLabel = "NAME", description = "AWS profile for the KMS keys.")
    public String awsProfile;

    @Option(names = "--encryption-context", paramLabel = "K:V,...", description = "KMS encryption context.")
    public String encryptionContext;

    @Option(names = {"-p", "--pgp"}, paramLabel = "FPS", description = "PGP fingerprints, comma-separated (env SOPS_PGP_FP).")
    public String pgp;

    @Option(names = {"-a", "--age"}, paramLabel = "RECIPIENTS", description = "age recipients, comma-separated (env SOPS_AGE_RECIPIENTS).")
    public String age;

    @Option(names = "--nexus", paramLabel = "NAME", description = "sops4j Nexus key names, repeatable (env SOPS4J_NEXUS_KEYS).")
    public java.util.List<String> nexus;

    @Option(names = "--gcp-kms", paramLabel = "IDS", description = "Google Cloud KMS resource IDs, comma-separated (env SOPS_GCP_KMS_IDS).")
    public String gcpKms;

    @Option(names = "--azure-kv", paramLabel = "URLS", description = "Azure Key Vault key URLs, comma-separated (env SOPS_AZURE_KEYVAULT_URLS).")
    public String azureKv;

    @Option(names = "--hc-vault-transit", paramLabel = "URIS", description = "Vault transit key URIs, comma-separated (env SOPS_VAULT_URIS).")
    public String hcVaultTransit;

    @Option(names = "--hckms", paramLabel = "IDS", description = "HuaweiCloud KMS key IDs region:uuid, comma-separated (env SOPS_HUAWEICLOUD_KMS_IDS).")
    public String hckms;

    @Option(names = "--shamir-secret-sharing-threshold", paramLabel = "N", description = "Key groups needed to decrypt.")
    public Integer shamirThreshold;
}
