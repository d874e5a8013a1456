package dev.sops4j.nexus.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SPIKE Nexus's versioned key-value store semantics: put creates version current+1 (or max+1 after everything was
 * deleted), prunes the oldest versions beyond {@code maxVersions}; get/delete/undelete treat 0 or an empty list as
 * "current"; soft-deleted, pruned, negative and never-written versions answer 404; undeleting a version that is
 * not deleted answers 404 (undelete is not idempotent); metadata of a path whose versions are all deleted answers
 * 404. Synchronized: the fake serves requests on several threads.
 */
final class FakeSecretStore {
    private final int maxVersions;
    private final Map<String, Secret> secrets = new TreeMap<>();

    static final class Version {
        final int number;
        final Map<String, String> values;
        final Instant created;
        Instant deleted;

        Version(int number, Map<String, String> values, Instant created) {
            this.number = number;
            this.values = Map.copyOf(values);
            this.created = created;
        }
    }

    static final class Secret {
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        int current;
        int oldest;
        Instant created;
        Instant updated;
    }

    FakeSecretStore(int maxVersions) {
        this.maxVersions = maxVersions;
    }

    synchronized void put(String path, Map<String, String> values) {
        Instant now = Instant.now();
        Secret s = secrets.computeIfAbsent(path, p -> {
            Secret n = new Secret();
            n.created = now;
            return n;
        });
        int next = s.current == 0 ? (s.versions.isEmpty() ? 1 : s.versions.lastKey() + 1) : s.current + 1;
        s.versions.put(next, new Version(next, values, now));
        s.current = next;
        s.updated = now;
        while (s.versions.size() > maxVersions) {
            s.versions.pollFirstEntry();
        }
        recomputeOldest(s);
    }

    synchronized Optional<Map<String, String>> get(String path, int version) {
        Secret s = secrets.get(path);
        if (s == null) {
            return Optional.empty();
        }
        int v = version == 0 ? s.current : version;
        Version found = v == 0 ? null : s.versions.get(v);
        return found == null || found.deleted != null ? Optional.empty() : Optional.of(found.values);
    }

    /** False when the path does not exist (the caller answers 404). */
    synchronized boolean delete(String path, List<Integer> versions) {
        Secret s = secrets.get(path);
        if (s == null) {
            return false;
        }
        Instant now = Instant.now();
        for (int v : versions.isEmpty() ? List.of(0) : versions) {
            Version found = s.versions.get(v == 0 ? s.current : v);
            if (found != null && found.deleted == null) {
                found.deleted = now;
            }
        }
        Version cur = s.versions.get(s.current);
        if (cur == null || cur.deleted != null) {
            s.current = s.versions.descendingMap().values().stream().filter(x -> x.deleted == null)
                    .mapToInt(x -> x.number).findFirst().orElse(0);
        }
        s.updated = now;
        recomputeOldest(s);
        return true;
    }

    /** False when nothing was undeleted (the caller answers 404). */
    synchronized boolean undelete(String path, List<Integer> versions) {
        Secret s = secrets.get(path);
        if (s == null) {
            return false;
        }
        List<Integer> wanted = new ArrayList<>(versions);
        if (wanted.isEmpty()) {
            wanted.add(s.current != 0 ? s.current : s.versions.descendingMap().values().stream()
                    .filter(x -> x.deleted != null).mapToInt(x -> x.number).findFirst().orElse(-1));
        }
        boolean any = false;
        for (int v : wanted) {
            Version found = s.versions.get(v == 0 ? s.current : v);
            if (found != null && found.deleted != null) {
                found.deleted = null;
                any = true;
                s.current = Math.max(s.current, found.number);
            }
        }
        recomputeOldest(s);
        return any;
    }

    synchronized List<String> list() {
        return new ArrayList<>(secrets.keySet());
    }

    /** SPIKE's metadata answer, or empty when the path does not exist or all its versions are deleted. */
    synchronized Optional<Map<String, Object>> metadata(String path) {
        Secret s = secrets.get(path);
        if (s == null || s.current == 0) {
            return Optional.empty();
        }
        Map<String, Object> versions = new LinkedHashMap<>();
        for (Version v : s.versions.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("createdTime", v.created.toString());
            m.put("version", v.number);
            m.put("deletedTime", v.deleted == null ? null : v.deleted.toString());
            versions.put(Integer.toString(v.number), m);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("currentVersion", s.current);
        meta.put("oldestVersion", s.oldest);
        meta.put("createdTime", s.created.toString());
        meta.put("updatedTime", s.updated.toString());
        meta.put("maxVersions", maxVersions);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("versions", versions);
        out.put("metadata", meta);
        return Optional.of(out);
    }

    /** Direct access for tests (e.g. to overwrite a version behind the client's back). */
    synchronized Optional<Secret> raw(String path) {
        return Optional.ofNullable(secrets.get(path));
    }

    private static void recomputeOldest(Secret s) {
        s.oldest = s.versions.values().stream().filter(x -> x.deleted == null).mapToInt(x -> x.number).min()
                .orElse(0);
    }
}
