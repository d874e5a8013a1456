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
    private final boolean strict;
    private final List<String> failures = new ArrayList<>();

    /** Thrown when no identity matched a stanza; the key source turns it into its one-line message. */
    static final class NoMatchException extends GeneralSecurityException {
        NoMatchException() {
            super("no identity matched any of the recipients");
        }
    }

    /** One identity whose own failure (e.g. a wrong passphrase) is the answer, not "no match". */
    StanzaReader(AgeIdentity identity) {
        this(List.of(identity), List.of(), true);
    }

    /** Several identities, tried in order; failures are collected and the next one is tried. */
    StanzaReader(List<AgeIdentity> identities, List<String> labels) {
        this(identities, labels, false);
    }

    private StanzaReader(List<AgeIdentity> identities, List<String> labels, boolean strict) {
        this.identities = identities;
        this.labels = labels;
        this.strict = strict;
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        List<RecipientStanza> list = new ArrayList<>();
        stanzas.forEach(list::add);
        for (int i = 0; i < identities.size(); i++) {
            try {
                FileKey key = identities.get(i).unwrap(list);
                if (key != null) {
                    return key;
                }
            } catch (GeneralSecurityException e) {
                if (strict) {
                    throw e;
                }
                failures.add(labels.isEmpty() ? e.getMessage() : labels.get(i) + ": " + e.getMessage());
            }
        }
        throw new NoMatchException();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }
}
