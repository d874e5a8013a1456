package dev.sops4j.core.keys.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** mlkem768x25519 stanzas: what one hybrid key wraps, it unwraps; another hybrid key does not. */
class HybridWrapProperties {

    @Property(tries = 25)
    void wrapThenUnwrapGivesTheFileKey(@ForAll @Size(16) List<Byte> key) throws Exception {
        byte[] fileKey = new byte[16];
        for (int i = 0; i < 16; i++) {
            fileKey[i] = key.get(i);
        }
        AgeKeys.GeneratedIdentity alice = AgeKeys.generateHybridIdentity();
        AgeKeys.GeneratedIdentity bob = AgeKeys.generateHybridIdentity();
        List<RecipientStanza> stanzas = new ArrayList<>();
        HybridRecipient.parse(alice.recipient()).getRecipientStanzas(new FileKey(fileKey)).forEach(stanzas::add);
        assertArrayEquals(fileKey, HybridIdentity.parse(alice.identity()).unwrap(stanzas).getEncoded());
        assertNull(HybridIdentity.parse(bob.identity()).unwrap(stanzas));
    }
}
