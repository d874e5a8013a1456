package dev.sops4j.keys.gcpkms;

/** Where Cloud KMS calls get their OAuth 2 bearer token from. */
interface AccessTokens {
    /** A valid access token (refreshed when needed); throws {@link GcpFailure} with a one-line cause. */
    String token();
}
