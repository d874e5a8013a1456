package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import java.security.GeneralSecurityException;
import java.util.List;

/** Something that can unwrap an age file key: an X25519 key, an SSH key, or a passphrase-protected identity file. */
public interface AgeIdentity {

    /**
     * The file key if one of {@code stanzas} is addressed to this identity, {@code null} if none is. Throws when a
     * stanza addressed to it is malformed or the identity itself cannot be used (wrong passphrase).
     */
    FileKey unwrap(List<RecipientStanza> stanzas) throws GeneralSecurityException;

    /** How many key identities this one stands for (an identity file may hold several); used in messages. */
    default int count() {
        return 1;
    }
}
