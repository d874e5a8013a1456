package dev.sops4j.keys.gcpkms;

/** A Cloud KMS call or credential lookup failed; the message is one line, never a token or key material. */
final class GcpFailure extends RuntimeException {
    GcpFailure(String message) {
        super(message, null, false, false);
    }

    static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
