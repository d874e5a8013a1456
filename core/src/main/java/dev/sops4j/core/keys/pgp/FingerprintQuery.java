package dev.sops4j.core.keys.pgp;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A key as the user names it: a fingerprint with spaces stripped (as sops stores it), matched case-insensitively
 * against primary-key fingerprints; a shorter hex string (a long key id) matches as a fingerprint suffix.
 *
 * @param stripped the user's text without spaces, case preserved: what sops writes to {@code fp}
 */
record FingerprintQuery(String stripped) {

    static FingerprintQuery of(String fingerprint) {
        return new FingerprintQuery(fingerprint.replace(" ", ""));
    }

    /** Whether {@code fingerprint} (raw bytes of a primary key) is the key the user named. */
    boolean matches(byte[] fingerprint) {
        String wanted = stripped.toUpperCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return false;
        }
        String actual = HexFormat.of().withUpperCase().formatHex(fingerprint);
        return wanted.length() >= actual.length() ? actual.equals(wanted) : actual.endsWith(wanted);
    }

    /** The last 16 characters, which sops hands to {@code gpg --trusted-key} (older gpg rejects full fingerprints). */
    String trustedKeyId() {
        return stripped.length() > 16 ? stripped.substring(stripped.length() - 16) : stripped;
    }
}
