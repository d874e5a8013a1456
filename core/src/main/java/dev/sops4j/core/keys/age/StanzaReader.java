package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adapts an ordered list of our identities to jagged's single reader, remembering why each one failed so the
 * key source can say exactly what was tried.
 */
final class StanzaReader implements RecipientStanzaReader {
    private final List<AgeIdentity> identities;
    private final List<String> labels;
    private final List<String> failures = new ArrayList<>();

    /** Thrown when no identity matched a stanza; the key source turns it into its one-line message. */
    static final class NoMatchException extends GeneralSecurityException {
        NoMatchException() {
            super("no identity matched any of the recipients");
        }
    }

    StanzaReader(AgeIdentity identity) {
        this(List.of(identity), List.of());
    }

    StanzaReader(List<AgeIdentity> identities, List<String> labels) {
        this.identities = identities;
        this.labels = labels;
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        List<RecipientStanza> list = new ArrayList<>();
        stanzas.forEach(list::add);
        GeneralSecurityException single = null;
        for (int i = 0; i < identities.size(); i++) {
            try {
                FileKey key = identities.get(i).unwrap(list);
                if (key != null) {
                    return key;
                }
            } catch (GeneralSecurityException e) {
                single = e;
                failures.add(labels.isEmpty() ? e.getMessage() : labels.get(i) + ": " + e.getMessage());
            }
        }
        if (identities.size() == 1 && single != null) {
            throw single;
        }
        throw new NoMatchException();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }
}
