package dev.sops4j.keys.azurekv;

/** A Key Vault call or token request failed; the message is one line, never a token or key material. */
final class AzureFailure extends RuntimeException {
    AzureFailure(String message) {
        super(message, null, false, false);
    }

    static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
