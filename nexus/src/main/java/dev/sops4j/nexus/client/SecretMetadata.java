package dev.sops4j.nexus.client;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Nexus's metadata for one secret path: every stored version and which one is current.
 *
 * @param currentVersion the version a plain get returns; 0 when every version is deleted
 * @param oldestVersion  lowest stored version
 * @param maxVersions    Nexus prunes versions beyond this many
 * @param versions       version number to its record
 */
public record SecretMetadata(int currentVersion, int oldestVersion, int maxVersions,
                             SortedMap<Integer, Version> versions) {

    /** One stored version; {@code deletedTime} is empty unless it was soft-deleted. */
    public record Version(int version, String createdTime, String deletedTime) {
        public boolean deleted() {
            return !deletedTime.isEmpty();
        }
    }

    public SecretMetadata {
        versions = new TreeMap<>(versions);
    }

    @SuppressWarnings("unchecked")
    static SecretMetadata fromJson(Map<String, Object> body) {
        Map<String, Object> meta = (Map<String, Object>) body.getOrDefault("metadata", Map.of());
        Map<String, Object> vs = (Map<String, Object>) body.getOrDefault("versions", Map.of());
        SortedMap<Integer, Version> out = new TreeMap<>();
        for (var e : vs.entrySet()) {
            Map<String, Object> v = (Map<String, Object>) e.getValue();
            int n = (int) Json.asLong(v.getOrDefault("version", Long.valueOf(e.getKey())), "version");
            out.put(n, new Version(n, str(v.get("createdTime")), str(v.get("deletedTime"))));
        }
        return new SecretMetadata((int) Json.asLong(meta.getOrDefault("currentVersion", 0L), "currentVersion"),
                (int) Json.asLong(meta.getOrDefault("oldestVersion", 0L), "oldestVersion"),
                (int) Json.asLong(meta.getOrDefault("maxVersions", 0L), "maxVersions"), out);
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
