package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sops4j.nexus.kek.KeysetDocument;
import dev.sops4j.nexus.kek.KeysetMerge;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Concurrent writers each extend a common base; the merge must keep every key and stay usable. */
class KeysetMergeTest {

    @Property(tries = 25)
    void mergeKeepsEveryKeyAndHasAnEnabledPrimary(@ForAll @IntRange(min = 1, max = 4) int writers,
                                                  @ForAll @IntRange(min = 1, max = 3) int rotationsEach,
                                                  @ForAll boolean disableBaseKey) throws Exception {
        KeysetDocument.init();
        KeysetDocument base = rotate(rotate(empty()));
        long baseKey = KeysetDocument.id(base.handle().getAt(0));
        List<KeysetDocument> written = new ArrayList<>();
        Set<Long> allIds = new HashSet<>();
        for (int w = 0; w < writers; w++) {
            KeysetDocument d = base;
            for (int r = 0; r < rotationsEach; r++) {
                d = rotate(d);
            }
            if (disableBaseKey && w == 0) {
                d = disable(d, baseKey);
            }
            written.add(d);
            for (int i = 0; i < d.handle().size(); i++) {
                allIds.add(KeysetDocument.id(d.handle().getAt(i)));
            }
        }
        KeysetDocument merged = KeysetMerge.merge(written);
        Set<Long> mergedIds = new HashSet<>();
        for (int i = 0; i < merged.handle().size(); i++) {
            mergedIds.add(KeysetDocument.id(merged.handle().getAt(i)));
        }
        assertEquals(allIds, mergedIds);
        assertEquals(KeyStatus.ENABLED, merged.handle().getPrimary().getStatus());
        assertEquals(KeysetDocument.id(written.get(writers - 1).handle().getPrimary()),
                KeysetDocument.id(merged.handle().getPrimary()));
        assertEquals(disableBaseKey, merged.isDisabled(baseKey));
        assertTrue(KeysetMerge.sameState(merged, KeysetMerge.merge(List.of(merged, written.get(writers - 1)))));
        assertTrue(KeysetMerge.sameState(merged, KeysetDocument.fromValues(merged.toValues(), "k")));
    }

    private static KeysetDocument empty() {
        return new KeysetDocument(null, Map.of(), Set.of());
    }

    private static KeysetDocument rotate(KeysetDocument d) throws GeneralSecurityException {
        var b = d.handle() == null ? KeysetHandle.newBuilder() : KeysetHandle.newBuilder(d.handle());
        b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                .makePrimary());
        KeysetHandle h = b.build();
        Map<Long, String> created = new HashMap<>(d.created());
        created.put(KeysetDocument.id(h.getPrimary()), "2026-11-22T21:00:0" + created.size() + "Z");
        return new KeysetDocument(h, created, d.destroyed());
    }

    private static KeysetDocument disable(KeysetDocument d, long id) throws GeneralSecurityException {
        var b = KeysetHandle.newBuilder(d.handle());
        for (int i = 0; i < d.handle().size(); i++) {
            if (KeysetDocument.id(d.handle().getAt(i)) == id) {
                b.getAt(i).setStatus(KeyStatus.DISABLED);
            }
        }
        return new KeysetDocument(b.build(), d.created(), d.destroyed());
    }
}
