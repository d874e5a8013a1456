package dev.sops4j.core.keys.age;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import dev.sops4j.core.keys.age.plugin.Plugins;

/** Parses the text of an age identity source (keys.txt, SOPS_AGE_KEY, command output). */
final class IdentityParser {

    /** The identities found and the problems met; a bad line does not hide the good ones. */
    record Result(List<AgeIdentity> identities, List<String> errors) {
    }

    private IdentityParser() {
    }

    /**
     * Plain text: one or more keys per line separated by whitespace, {@code #} lines ignored. An age-encrypted file
     * (binary or armored) is a passphrase-protected identity file and is decrypted lazily, on first use.
     */
    static Result parse(byte[] content, String label, PassphraseProvider passphrases, Plugins plugins) {
        if (AgeFiles.isAgeFile(content)) {
            return new Result(List.of(new EncryptedIdentityFile(content, label, passphrases)), List.of());
        }
        return parsePlain(new String(content, StandardCharsets.UTF_8), label, plugins);
    }

    static Result parsePlain(String text, String label) {
        return parsePlain(text, label, PluginSupport.from(dev.sops4j.core.env.Environment.system()));
    }

    static Result parsePlain(String text, String label, Plugins plugins) {
        List<AgeIdentity> ids = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            for (String token : line.split("\\s+")) {
                try {
                    ids.add(parseToken(token, plugins));
                } catch (GeneralSecurityException e) {
                    // Never echo the token: it is (maybe malformed) key material.
                    errors.add("failed to parse " + label + ": " + e.getMessage() + " on line " + (i + 1));
                }
            }
        }
        return new Result(List.copyOf(ids), List.copyOf(errors));
    }

    private static AgeIdentity parseToken(String token, Plugins plugins) throws GeneralSecurityException {
        String upper = token.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("AGE-SECRET-KEY-PQ-1")) {
            return HybridIdentity.parse(token);
        }
        if (upper.startsWith("AGE-PLUGIN-")) {
            return plugins.identity(token);
        }
        if (upper.startsWith("AGE-SECRET-KEY-1")) {
            try {
                AgeKeys.decodeIdentity(token);
                return new X25519Identity(token);
            } catch (RuntimeException e) {
                throw new GeneralSecurityException("malformed X25519 identity");
            }
        }
        throw new GeneralSecurityException("unknown identity type");
    }
}
