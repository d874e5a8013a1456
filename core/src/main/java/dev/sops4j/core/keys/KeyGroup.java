package dev.sops4j.core.keys;

import java.util.List;

/** Keys that all wrap the same secret: the data key, or with several groups that group's Shamir share. */
public record KeyGroup(List<KeyRef> keys) {
    public KeyGroup {
        keys = List.copyOf(keys);
    }
}
