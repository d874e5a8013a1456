package dev.sops4j.core.keys.age;

import dev.sops4j.core.error.KeySourceException;
import java.io.Console;

/**
 * Supplies the passphrase of a passphrase-protected age identity file. sops has no environment variable for it and
 * asks on the terminal; tests inject their own. The returned array is wiped by the caller.
 */
@FunctionalInterface
public interface PassphraseProvider {

    /**
     * @param prompt what to ask, e.g. {@code Enter passphrase for identity SOPS_AGE_KEY_FILE:}
     * @throws KeySourceException when no passphrase can be obtained
     */
    char[] passphrase(String prompt);

    /** Reads from the controlling terminal without echo; fails when there is none. */
    static PassphraseProvider terminal() {
        return prompt -> {
            Console console = System.console();
            if (console == null) {
                throw new KeySourceException("cannot ask for the passphrase of an encrypted age identity: no terminal");
            }
            char[] pass = console.readPassword("%s ", prompt);
            if (pass == null) {
                throw new KeySourceException("cannot ask for the passphrase of an encrypted age identity: input closed");
            }
            return pass;
        };
    }
}
