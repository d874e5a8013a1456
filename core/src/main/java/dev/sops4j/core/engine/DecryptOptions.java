package dev.sops4j.core.engine;

import java.util.List;

/**
 * {@code ignoreMac}: return values even when the MAC does not verify. {@code decryptionOrder}: key types tried
 * first, in order ({@code --decryption-order}, default age then pgp). {@code rememberIvs}: the returned file's
 * cipher remembers every value's IV, so that re-encrypting an edited copy changes only the edited values (as sops);
 * {@link #readOnly()} turns that off for a caller that only reads the plaintext, which saves a SHA-256 of every
 * value (of a 20 MB binary file, about a fifth of its decryption). Re-encrypting such a file still works: every
 * value gets a fresh IV.
 */
public record DecryptOptions(boolean ignoreMac, List<String> decryptionOrder, boolean rememberIvs) {
    public static final List<String> DEFAULT_ORDER = List.of("age", "pgp");
    public static final DecryptOptions DEFAULTS = new DecryptOptions(false, DEFAULT_ORDER);

    public DecryptOptions {
        decryptionOrder = List.copyOf(decryptionOrder);
    }

    /** Options that remember the IVs (the file may be edited and re-encrypted). */
    public DecryptOptions(boolean ignoreMac, List<String> decryptionOrder) {
        this(ignoreMac, decryptionOrder, true);
    }

    /** The same options for a caller that prints, exports or hands out the plaintext and never re-encrypts it. */
    public DecryptOptions readOnly() {
        return new DecryptOptions(ignoreMac, decryptionOrder, false);
    }
}
