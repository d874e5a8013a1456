package dev.sops4j.nexus;

import java.util.List;

/**
 * What an admin operation left in Nexus.
 *
 * @param name          logical key name
 * @param path          the Nexus secret path holding its keyset
 * @param nexusVersion  the Nexus secret version that now holds the keyset
 * @param versions      the keyset's key versions after the operation
 * @param merged        true if another writer changed the keyset at the same time and both changes were merged
 */
public record KeyAdminResult(String name, String path, int nexusVersion, List<KeyVersion> versions,
                             boolean merged) {
    public KeyAdminResult {
        versions = List.copyOf(versions);
    }
}
