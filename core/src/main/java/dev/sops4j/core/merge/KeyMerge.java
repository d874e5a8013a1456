package dev.sops4j.core.merge;

import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Three-way merge of the master keys (recipients) of a file, by key identity. With the same number of key groups
 * on every side, group {@code i} becomes ours' keys, minus the keys theirs removed from base, plus the keys theirs
 * added; otherwise the side that changed the group structure wins when the other did not change its keys, and a
 * structural change on both sides is a conflict (empty result). Pure: the caller wraps and rotates.
 */
public final class KeyMerge {
    private KeyMerge() {
    }

    /**
     * The merged groups. {@code dropped} says a key ours had is gone (its holder knew ours' data key, so the data
     * key must be rotated, as {@code sops rotate} would); {@code added} that keys ours lacked were added (the data
     * key must be wrapped for them).
     */
    public record Result(List<KeyGroup> groups, boolean added, boolean dropped) {
        public Result {
            groups = List.copyOf(groups);
        }

        public boolean unchanged() {
            return !added && !dropped;
        }
    }

    public static Optional<Result> merge(List<KeyGroup> base, List<KeyGroup> ours, List<KeyGroup> theirs) {
        List<KeyGroup> merged;
        if (ours.size() == theirs.size() && ours.size() == base.size()) {
            merged = new ArrayList<>();
            for (int i = 0; i < ours.size(); i++) {
                Set<String> b = ids(base.get(i));
                Set<String> t = ids(theirs.get(i));
                List<KeyRef> keys = new ArrayList<>();
                for (KeyRef k : ours.get(i).keys()) {
                    if (!(b.contains(k.identity()) && !t.contains(k.identity()))) {
                        keys.add(k);
                    }
                }
                Set<String> have = new LinkedHashSet<>();
                keys.forEach(k -> have.add(k.identity()));
                for (KeyRef k : theirs.get(i).keys()) {
                    if (!b.contains(k.identity()) && have.add(k.identity())) {
                        keys.add(k);
                    }
                }
                merged.add(new KeyGroup(keys));
            }
        } else if (sameKeys(theirs, base)) {
            merged = ours;
        } else if (sameKeys(ours, base)) {
            merged = theirs;
        } else {
            return Optional.empty();
        }
        Set<String> before = all(ours);
        Set<String> after = all(merged);
        boolean dropped = !after.containsAll(before) || ours.size() != merged.size();
        boolean added = !before.containsAll(after);
        return Optional.of(new Result(dropped || added ? merged : ours, added, dropped));
    }

    private static boolean sameKeys(List<KeyGroup> a, List<KeyGroup> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!ids(a.get(i)).equals(ids(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> ids(KeyGroup g) {
        Set<String> out = new LinkedHashSet<>();
        g.keys().forEach(k -> out.add(k.identity()));
        return out;
    }

    private static Set<String> all(List<KeyGroup> groups) {
        Set<String> out = new LinkedHashSet<>();
        groups.forEach(g -> out.addAll(ids(g)));
        return out;
    }
}
