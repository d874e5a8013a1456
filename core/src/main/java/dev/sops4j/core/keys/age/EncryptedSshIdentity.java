package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;

/**
 * A passphrase-protected OpenSSH key. Like age, it asks for the passphrase only when a stanza carries this key's
 * tag, so an unrelated encrypted ~/.ssh/id_rsa never prompts. A successful decryption is kept.
 */
final class EncryptedSshIdentity implements AgeIdentity {
    private final byte[] blob;
    private final SshKeys.PublicKey publicKey;
    private final String label;
    private final PassphraseProvider passphrases;
    private AgeIdentity decrypted;

    EncryptedSshIdentity(byte[] blob, SshKeys.PublicKey publicKey, String label, PassphraseProvider passphrases) {
        this.blob = blob.clone();
        this.publicKey = publicKey;
        this.label = label;
        this.passphrases = passphrases;
    }

    @Override
    public FileKey unwrap(List<RecipientStanza> stanzas) throws GeneralSecurityException {
        String tag = publicKey.tag();
        boolean addressed = stanzas.stream().anyMatch(s -> publicKey.type().equals(s.getType())
                && !s.getArguments().isEmpty() && tag.equals(s.getArguments().get(0)));
        return addressed ? identity().unwrap(stanzas) : null;
    }

    private synchronized AgeIdentity identity() throws GeneralSecurityException {
        if (decrypted != null) {
            return decrypted;
        }
        char[] pass = passphrases.passphrase("Enter passphrase for SSH key " + label + ":");
        byte[] passBytes = AgeCrypto.utf8(pass);
        try {
            decrypted = SshKeys.identityFor(OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(blob, passBytes));
            return decrypted;
        } catch (IllegalStateException | IllegalArgumentException e) {
            // BouncyCastle reports a wrong passphrase as mismatching check values.
            throw new GeneralSecurityException("incorrect passphrase for SSH key");
        } finally {
            Arrays.fill(passBytes, (byte) 0);
        }
    }
}
