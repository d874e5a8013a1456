package dev.sops4j.core.store.ini;

import java.util.ArrayList;
import java.util.List;

/**
 * One section as gopkg.in/ini.v1 holds it: a name, the comment lines that stood before its header (markers kept),
 * and its keys in first-seen order. Mutable only while a parser or writer builds it.
 */
final class IniSection {
    final String name;
    String comment = "";
    final List<IniKey> keys = new ArrayList<>();

    IniSection(String name) {
        this.name = name;
    }

    /** go-ini's {@code NewKey}: a repeated name updates the value in place and returns the existing key. */
    IniKey newKey(String keyName, String value) {
        for (IniKey k : keys) {
            if (k.name.equals(keyName)) {
                k.value = value;
                return k;
            }
        }
        IniKey k = new IniKey(keyName, value);
        keys.add(k);
        return k;
    }

    /** A key with its value and the comment lines that stood before it (markers kept). */
    static final class IniKey {
        final String name;
        String value;
        String comment = "";

        IniKey(String name, String value) {
            this.name = name;
            this.value = value;
        }
    }
}
