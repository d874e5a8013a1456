package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.kek.Kek;
import dev.sops4j.nexus.kek.KeysetDocument;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class KekTest {
    private static final KeysetDocument DOC = newDoc();

    private static KeysetDocument newDoc() {
        KeysetDocument.init();
        try {
            return new KeysetDocument(KeysetHandle.newBuilder().addEntry(KeysetHandle
                    .generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                    .build(), Map.of(), Set.of());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 50)
    void wrapThenUnwrapIsIdentity(@ForAll @Size(min = 1, max = 64) byte[] dataKey) {
        Kek kek = new Kek("team-a/app", DOC);
        assertArrayEquals(dataKey, kek.unwrap(kek.wrap(dataKey)));
    }

    @Property(tries = 10)
    void storedFormRoundTrips(@ForAll @Size(min = 32, max = 32) byte[] dataKey) {
        KeysetDocument back = KeysetDocument.fromValues(DOC.toValues(), "k");
        assertArrayEquals(dataKey, new Kek("n", back).unwrap(new Kek("n", DOC).wrap(dataKey)));
    }

    @net.jqwik.api.Example
    void theKeyNameIsAssociatedData() {
        byte[] wrapped = new Kek("team-a/app", DOC).wrap(new byte[32]);
        var e = assertThrows(KeySourceException.class, () -> new Kek("team-a/other", DOC).unwrap(wrapped));
        assertEquals("nexus key team-a/other: key version " + KeysetDocument.id(DOC.handle().getPrimary())
                + " does not decrypt the data key (tampered, or wrapped under another key name)", e.getMessage());
        var junk = assertThrows(KeySourceException.class, () -> new Kek("team-a/app", DOC).unwrap(new byte[3]));
        assertEquals("nexus key team-a/app: wrapped data key is not a Tink ciphertext", junk.getMessage());
    }
}
