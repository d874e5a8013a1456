package dev.sops4j.keys.azurekv;

/** Where Key Vault calls get their bearer token from. */
interface AzureTokens {
    /** An access token for {@code scope}; throws {@link AzureFailure} with a one-line cause. */
    String token(String scope);
}
