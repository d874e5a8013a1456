package dev.sops4j.core.engine;

import java.util.List;

/**
 * {@code ignoreMac}: return values even when the MAC does not verify. {@code decryptionOrder}: key types tried
 * first, in order ({@code --decryption-order}, default age then pgp).
 */
public record DecryptOptions(boolean ignoreMac, List<String> decryptionOrder) {
    public static final List<String> DEFAULT_ORDER = List.of("age", "pgp");
    public static final DecryptOptions DEFAULTS = new DecryptOptions(false, DEFAULT_ORDER);

    public DecryptOptions {
        decryptionOrder = List.copyOf(decryptionOrder);
    }
}
