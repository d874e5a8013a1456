package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** Turns a recipient string as sops stores it into a stanza writer, or says why it cannot. */
final class AgeRecipients {

    private AgeRecipients() {
    }

    /** @throws GeneralSecurityException with a one-line reason (the caller names the recipient) */
    static RecipientStanzaWriter parse(String recipient, SecureRandom random) throws GeneralSecurityException {
        return parse(recipient, random, PluginSupport.from(dev.sops4j.core.env.Environment.system()));
    }

    /** As {@link #parse(String, SecureRandom)}; plugin recipients run {@code age-plugin-<name>} through {@code plugins}. */
    static RecipientStanzaWriter parse(String recipient, SecureRandom random,
            dev.sops4j.core.keys.age.plugin.Plugins plugins) throws GeneralSecurityException {
        String r = recipient.strip();
        if (r.startsWith(HybridRecipient.HRP + "1")) {
            return HybridRecipient.parse(r);
        }
        // constants only (inlined by javac): TagRecipient, and the BouncyCastle classes it links to, load only when
        // a tag recipient is named; BouncyCastle's jar is signed, and its first class costs the signature check
        if (r.startsWith(TagRecipient.CLASSIC_HRP + "1") || r.startsWith(TagRecipient.HYBRID_HRP + "1")) {
            return TagRecipient.parse(r, random);
        }
        if (r.startsWith("age1") && r.indexOf('1', 4) >= 0) {
            // Bech32 data never contains '1', so a second one means age1<plugin>1...
            return plugins.recipient(r);
        }
        if (r.startsWith("age1")) {
            try {
                AgeKeys.decodeRecipient(r);
                return X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r);
            } catch (RuntimeException | GeneralSecurityException e) {
                throw new GeneralSecurityException("not a valid Bech32-encoded age public key");
            }
        }
        if (r.startsWith(SshKeys.ED25519 + " ")) {
            return new SshEd25519.Recipient(SshKeys.parsePublicKey(r), random);
        }
        if (r.startsWith(SshKeys.RSA + " ")) {
            return new SshRsa.Recipient(SshKeys.parsePublicKey(r), random);
        }
        if (r.startsWith("ssh-")) {
            throw new GeneralSecurityException("unsupported SSH key type (age supports ssh-ed25519 and ssh-rsa)");
        }
        throw new GeneralSecurityException("unknown recipient type");
    }
}
