package dev.sops4j.nexus.kek;

import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import dev.sops4j.core.error.KeySourceException;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reconciles keyset versions written concurrently (Nexus has no compare-and-set). The rules favour never losing a
 * key and failing closed:
 * <ul>
 *   <li>every key version seen in any document is kept, unless some document destroyed it;</li>
 *   <li>a version disabled in any document stays disabled;</li>
 *   <li>the primary is the newest document's primary if still usable, else the most recently created enabled
 *       version.</li>
 * </ul>
 */
public final class KeysetMerge {
    private KeysetMerge() {
    }

    /** Merges {@code docs}, oldest first. */
    public static KeysetDocument merge(List<KeysetDocument> docs) {
        Set<Long> destroyed = new TreeSet<>();
        docs.forEach(d -> destroyed.addAll(d.destroyed()));
        Map<Long, Key> keys = new TreeMap<>();
        Map<Long, KeyStatus> status = new HashMap<>();
        Map<Long, String> created = new TreeMap<>();
        for (KeysetDocument d : docs) {
            d.created().forEach(created::putIfAbsent);
            for (int i = 0; i < d.handle().size(); i++) {
                KeysetHandle.Entry e = d.handle().getAt(i);
                long id = KeysetDocument.id(e);
                if (destroyed.contains(id)) {
                    continue;
                }
                keys.put(id, e.getKey());
                if (e.getStatus() == KeyStatus.DISABLED || status.get(id) != KeyStatus.DISABLED) {
                    status.put(id, e.getStatus());
                }
            }
        }
        long primary = choosePrimary(docs.get(docs.size() - 1), keys, status, created);
        KeysetHandle.Builder b = KeysetHandle.newBuilder();
        for (var e : keys.entrySet()) {
            KeysetHandle.Builder.Entry entry = KeysetHandle.importKey(e.getValue()).setStatus(status.get(e.getKey()));
            if (e.getKey() == primary) {
                entry.makePrimary();
            }
            b.addEntry(entry);
        }
        try {
            return new KeysetDocument(b.build(), created, destroyed);
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("cannot merge concurrent keyset changes: " + e.getMessage(), e);
        }
    }

    /** Same key versions, statuses, primary and bookkeeping (serialized bytes may order keys differently). */
    public static boolean sameState(KeysetDocument a, KeysetDocument b) {
        return summary(a).equals(summary(b)) && a.created().equals(b.created())
                && a.destroyed().equals(b.destroyed());
    }

    private static Map<Long, String> summary(KeysetDocument d) {
        Map<Long, String> m = new TreeMap<>();
        for (int i = 0; i < d.handle().size(); i++) {
            KeysetHandle.Entry e = d.handle().getAt(i);
            m.put(KeysetDocument.id(e), e.getStatus() + (e.isPrimary() ? "*" : ""));
        }
        return m;
    }

    private static long choosePrimary(KeysetDocument newest, Map<Long, Key> keys, Map<Long, KeyStatus> status,
                                      Map<Long, String> created) {
        try {
            long p = KeysetDocument.id(newest.handle().getPrimary());
            if (keys.containsKey(p) && status.get(p) == KeyStatus.ENABLED) {
                return p;
            }
        } catch (IllegalStateException noPrimary) {
            // fall through to the newest enabled version
        }
        return keys.keySet().stream().filter(id -> status.get(id) == KeyStatus.ENABLED)
                .max((x, y) -> created.getOrDefault(x, "").compareTo(created.getOrDefault(y, "")))
                .orElseThrow(() -> new KeySourceException(
                        "concurrent keyset changes left no enabled key version; enable one and retry"));
    }
}
