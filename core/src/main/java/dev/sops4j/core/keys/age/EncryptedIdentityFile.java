package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/**
 * A passphrase-protected identity file (an age file, scrypt stanza, whose plaintext is a keys.txt). The passphrase
 * is asked only when a file actually needs this identity; a successful decryption is kept for the source's life.
 */
final class EncryptedIdentityFile implements AgeIdentity {
    private final byte[] content;
    private final String label;
    private final PassphraseProvider passphrases;
    private List<AgeIdentity> identities;

    EncryptedIdentityFile(byte[] content, String label, PassphraseProvider passphrases) {
        this.content = content.clone();
        this.label = label;
        this.passphrases = passphrases;
    }

    @Override
    public FileKey unwrap(List<RecipientStanza> stanzas) throws GeneralSecurityException {
        for (AgeIdentity id : identities()) {
            FileKey key = id.unwrap(stanzas);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    private synchronized List<AgeIdentity> identities() throws GeneralSecurityException {
        if (identities != null) {
            return identities;
        }
        char[] pass = passphrases.passphrase("Enter passphrase for identity " + label + ":");
        byte[] passBytes = AgeCrypto.utf8(pass);
        byte[] plain = null;
        try {
            plain = AgeFiles.decrypt(content, new StanzaReader(new Scrypt.Identity(passBytes)));
        } catch (GeneralSecurityException e) {
            if (hasCause(e, Scrypt.IncorrectPassphraseException.class)) {
                throw new GeneralSecurityException("incorrect passphrase for encrypted identity file");
            }
            throw new GeneralSecurityException("failed to decrypt identity file: " + e.getMessage());
        } catch (IOException e) {
            throw new GeneralSecurityException("failed to decrypt identity file: " + e.getMessage());
        } finally {
            Arrays.fill(passBytes, (byte) 0);
        }
        try {
            IdentityParser.Result parsed = IdentityParser.parsePlain(new String(plain, StandardCharsets.UTF_8), label);
            if (!parsed.errors().isEmpty()) {
                throw new GeneralSecurityException(parsed.errors().get(0));
            }
            identities = parsed.identities();
            return identities;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
