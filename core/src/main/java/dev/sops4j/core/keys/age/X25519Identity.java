package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.security.GeneralSecurityException;
import java.util.List;

/** A native {@code AGE-SECRET-KEY-1...} identity; the stanza crypto is jagged's. */
final class X25519Identity implements AgeIdentity {
    static final String STANZA_TYPE = "X25519";
    private final RecipientStanzaReader reader;

    X25519Identity(String identity) throws GeneralSecurityException {
        this.reader = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
    }

    @Override
    public FileKey unwrap(List<RecipientStanza> stanzas) {
        List<RecipientStanza> ours = stanzas.stream().filter(s -> STANZA_TYPE.equals(s.getType())).toList();
        if (ours.isEmpty()) {
            return null;
        }
        try {
            return reader.getFileKey(ours);
        } catch (GeneralSecurityException e) {
            // jagged reports "no stanza for this key" as an exception; age calls that an incorrect identity.
            return null;
        }
    }
}
