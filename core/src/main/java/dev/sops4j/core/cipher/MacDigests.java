package dev.sops4j.core.cipher;

import java.security.MessageDigest;

/** Where sops' MAC gets its SHA-512: libcrypto's once a file with many or large values has loaded it, else the JDK's. */
public final class MacDigests {
    private MacDigests() {
    }

    /** {@code large}: the first value is large enough to wait for libcrypto if it is being loaded. */
    public static MessageDigest sha512(boolean large) {
        return OpenSslSha512.forMac(large);
    }
}
