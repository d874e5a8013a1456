package dev.sops4j.core.compat;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.store.Format;
import java.nio.charset.StandardCharsets;

/** Decrypts file text to the text {@code sops decrypt} would print. */
final class RealSops313TestSupport {
    private RealSops313TestSupport() {
    }

    static String decrypt(Sops4j keys, String encrypted, Format format) {
        try (DecryptedFile f = keys.decrypt(encrypted.getBytes(StandardCharsets.UTF_8), format,
                DecryptOptions.DEFAULTS)) {
            return new String(keys.store(format).emitPlain(f.branches()), StandardCharsets.UTF_8);
        }
    }
}
