package dev.sops4j.core.cipher;

import java.security.MessageDigest;

/** Where sops' MAC gets its SHA-512: libcrypto's once a file with many or large values has loaded it, else the JDK's. */
public final class MacDigests {
    private MacDigests() {
    }

    public static MessageDigest sha512() {
        return OpenSslSha512.forMac();
    }
}
